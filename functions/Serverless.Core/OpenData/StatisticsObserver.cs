using Serverless.Core.Applications;
using Serverless.Core.Procedures;

namespace Serverless.Core.OpenData;

/// <summary>
/// Writes the statistics' facts as the status changes, so nothing scans the applications at night. One fact per
/// (application, transition) under a deterministic key: the submission (seen at the first change, dated by the
/// submission), each round's request for changes, and the ending (dated by the change). An implicit decision is told
/// by <see cref="ApplicationRecord.ImplicitDecision"/>, which <c>CloseApplicationActivity</c> sets with the status.
/// Called again on a retried step: the keys make that a no-op. The submission's fact is written only on a change that
/// may be the first since the submission (<see cref="StatusChanged.MayBeFirstSinceSubmission"/>), not again at every one.
/// </summary>
public sealed class StatisticsObserver(StatisticsLedger statistics, ProcedureCatalog catalog) : IStatusChangeObserver
{
    public async Task OnStatusChangedAsync(StatusChanged changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var row = changed.Row;
        var procedureId = row.GetString(nameof(ApplicationRecord.ProcedureId));
        if (catalog.Find(procedureId) is not { } procedure)
        {
            return; // A procedure withdrawn from the catalogue belongs to no published commune any more.
        }

        var ledger = statistics.Ledger;
        var reference = changed.Reference;
        var submittedAt = row.GetDateTimeOffset(nameof(ApplicationRecord.SubmittedAt)) ?? changed.At;
        var facts = new List<Fact>();
        if (changed.MayBeFirstSinceSubmission)
        {
            facts.Add(new Fact($"submitted|{reference}", FactLedger.MonthOf(submittedAt), procedureId, One(StatisticMeasures.Submitted)));
        }

        var month = FactLedger.MonthOf(changed.At);
        if (changed.To == ApplicationStatus.ChangesRequested)
        {
            var round = row.GetInt32(nameof(ApplicationRecord.ReviewRound)) ?? 1;
            facts.Add(new Fact($"changes|{reference}|{round}", month, procedureId, One(StatisticMeasures.ChangesRequested)));
        }

        if (Ending(changed.To, row.GetBoolean(nameof(ApplicationRecord.ImplicitDecision)) == true) is { } counters)
        {
            long? minutes = counters.ContainsKey(StatisticMeasures.Decided) ? (long)Math.Max(0, Math.Round((changed.At - submittedAt).TotalMinutes)) : null;
            facts.Add(new Fact($"final|{reference}", month, procedureId, counters, minutes));
        }

        // The facts of one change share the commune's partition: one write (a fact already there is left out, see RecordAllAsync).
        if (facts.Count > 0)
        {
            await ledger.RecordAllAsync(procedure.CommuneId, facts, cancellationToken);
        }
    }

    private static Dictionary<string, long> One(string measure) => new() { [measure] = 1 };

    private static Dictionary<string, long>? Ending(ApplicationStatus to, bool isImplicit)
    {
        var implicitCount = isImplicit ? 1L : 0L;
        return to switch
        {
            ApplicationStatus.Approved => new() { [StatisticMeasures.Decided] = 1, [StatisticMeasures.Approved] = 1, [StatisticMeasures.Implicit] = implicitCount },
            ApplicationStatus.Rejected => new() { [StatisticMeasures.Decided] = 1, [StatisticMeasures.Rejected] = 1, [StatisticMeasures.Implicit] = implicitCount },
            ApplicationStatus.Withdrawn => One(StatisticMeasures.Withdrawn),
            ApplicationStatus.Abandoned => One(StatisticMeasures.Abandoned),
            _ => null,
        };
    }
}
