using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Serverless.Core.Workflow;

namespace Serverless.Core.Applications;

/// <summary>
/// What a step wants the status to become, and the columns of the application's row that change with it, each named
/// (null: left as it is; an empty text clears it). The one shape in which a status change reaches the row.
/// </summary>
public sealed record StatusChange(ApplicationStatus To)
{
    public string? DecisionReason { get; init; }

    public bool? ImplicitDecision { get; init; }

    public int? ReviewRound { get; init; }

    public DateTimeOffset? DecisionDueAt { get; init; }

    public bool? DeadlineSuspended { get; init; }

    public DateTimeOffset? AnswerDueAt { get; init; }

    public string? ChangeMessage { get; init; }

    public string? ChangeFields { get; init; }

    public string? CertificateNumber { get; init; }

    public string? CertificateSha256 { get; init; }

    public string? IncidentStep { get; init; }

    public DateTimeOffset? IncidentSince { get; init; }

    public string? StatusBeforeIncident { get; init; }

    public int? DecisionStep { get; init; }

    public int? DecisionPass { get; init; }

    public string? DecisionDocument { get; init; }

    /// <summary>The row's columns this change writes, the status first.</summary>
    public IEnumerable<KeyValuePair<string, object>> Columns()
    {
        yield return new(nameof(ApplicationRecord.Status), To.ToString());
        foreach (var (name, value) in new (string, object?)[]
        {
            (nameof(ApplicationRecord.DecisionReason), DecisionReason),
            (nameof(ApplicationRecord.ImplicitDecision), ImplicitDecision),
            (nameof(ApplicationRecord.ReviewRound), ReviewRound),
            (nameof(ApplicationRecord.DecisionDueAt), DecisionDueAt),
            (nameof(ApplicationRecord.DeadlineSuspended), DeadlineSuspended),
            (nameof(ApplicationRecord.AnswerDueAt), AnswerDueAt),
            (nameof(ApplicationRecord.ChangeMessage), ChangeMessage),
            (nameof(ApplicationRecord.ChangeFields), ChangeFields),
            (nameof(ApplicationRecord.CertificateNumber), CertificateNumber),
            (nameof(ApplicationRecord.CertificateSha256), CertificateSha256),
            (nameof(ApplicationRecord.IncidentStep), IncidentStep),
            (nameof(ApplicationRecord.IncidentSince), IncidentSince),
            (nameof(ApplicationRecord.StatusBeforeIncident), StatusBeforeIncident),
            (nameof(ApplicationRecord.DecisionStep), DecisionStep),
            (nameof(ApplicationRecord.DecisionPass), DecisionPass),
            (nameof(ApplicationRecord.DecisionDocument), DecisionDocument),
        })
        {
            if (value is not null)
            {
                yield return new(name, value);
            }
        }
    }
}

/// <summary>
/// The only code that changes an application's status, used only by the workflow's activities. It reads the row,
/// checks the transition against <see cref="StatusTransitions"/>, and writes with the row's ETag, so two writers
/// never overwrite each other unseen (a conflict reads again). A transition not allowed is refused, audited and
/// raised as <see cref="IllegalTransitionException"/>: never silently applied.
/// </summary>
public sealed partial class ApplicationStatusWriter(
    ApplicationRepository applications,
    AuditTrail audit,
    TimeProvider clock,
    IEnumerable<IStatusChangeObserver> observers,
    ILogger<ApplicationStatusWriter> logger)
{
    private const int MaxConflicts = 8;

    public Task<ApplicationStatus> TransitionAsync(string reference, ApplicationStatus to, CancellationToken cancellationToken) =>
        TransitionAsync(reference, _ => new StatusChange(to), cancellationToken);

    public Task<ApplicationStatus> TransitionAsync(string reference, StatusChange change, CancellationToken cancellationToken) =>
        TransitionAsync(reference, _ => change, cancellationToken);

    /// <summary>
    /// As <see cref="TransitionAsync(string, StatusChange, CancellationToken)"/>,
    /// starting from the record the step has just read instead of reading it again: the write is conditional on that
    /// record's ETag, so if anything wrote the row since, the write is refused (412) and the row is read as usual.
    /// </summary>
    public Task<ApplicationStatus> TransitionAsync(ApplicationRecord known, StatusChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(known);
        return TransitionFromAsync(known.Reference, known.ToEntity(), _ => change, cancellationToken);
    }

    /// <summary>Applies the change that <paramref name="decide"/> picks from the current row; returns the status before.</summary>
    public Task<ApplicationStatus> TransitionAsync(string reference, Func<TableEntity, StatusChange> decide, CancellationToken cancellationToken) =>
        TransitionFromAsync(reference, known: null, decide, cancellationToken);

    private async Task<ApplicationStatus> TransitionFromAsync(string reference, TableEntity? known, Func<TableEntity, StatusChange> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 0; attempt < MaxConflicts; attempt++)
        {
            var row = attempt == 0 && known is not null
                ? known
                : await applications.ReadRowAsync(reference, cancellationToken);
            var from = Enum.Parse<ApplicationStatus>(row.GetString(nameof(ApplicationRecord.Status)));
            var change = decide(row);
            if (!StatusTransitions.IsAllowed(from, change.To))
            {
                await audit.RecordAsync(
                    reference,
                    AuditSteps.TransitionRefused(from.ToString(), change.To.ToString()),
                    new AuditEntry(AuditAction.TransitionRefused, clock.GetUtcNow(), AuditActors.System, $"{from} → {change.To}"),
                    cancellationToken);
                LogRefused(reference, from, change.To);
                throw new IllegalTransitionException($"Application {reference}: {from} → {change.To} is not an allowed transition.");
            }

            try
            {
                await applications.WriteStatusAsync(reference, change, row.ETag, cancellationToken);
                foreach (var (name, value) in change.Columns())
                {
                    row[name] = value;
                }

                await NotifyObserversAsync(new StatusChanged(reference, from, change.To, row, clock.GetUtcNow()), cancellationToken);
                return from;
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                // Someone wrote the row since it was read (a correction's values, an index): read it again.
            }
        }

        throw new InvalidOperationException($"Application {reference}: the row kept changing during {MaxConflicts} attempts to update its status.");
    }

    /// <summary>
    /// Observers run after every successful write, including a step that runs twice (from == to), so one that failed
    /// the first time catches up on the retry: that is why they must be idempotent. They run at the same time: each
    /// writes rows of its own and only reads the row. A failure propagates to the activity, which the workflow
    /// retries and, past its retries, turns into an incident.
    /// </summary>
    private Task NotifyObserversAsync(StatusChanged changed, CancellationToken cancellationToken) =>
        Task.WhenAll(observers.Select(observer => observer.OnStatusChangedAsync(changed, cancellationToken)));

    /// <summary>
    /// A step of an application of the partition layout (decision 0012), in one entity-group transaction: the status
    /// change that <paramref name="decide"/> picks from the row (null: the status stays, only <paramref name="columns"/>
    /// are merged, unconditionally), the step's audit rows (<see cref="AuditTrail.NewRow"/>) and every outbox row it
    /// causes. The row's ETag guards the change: if anything wrote the row since it was read, nothing is written and
    /// the row is read again. If the step's audit row exists, an earlier run committed the step: nothing is written
    /// twice, and the step goes on as done (leaves appended if that run died before them, observers run again). After
    /// the commit: the leaves of the audit rows, then the observers. The caller sends its outbox rows' deliveries.
    /// </summary>
    /// <returns>The status before, and whether this call committed the step (false: an earlier run did).</returns>
    public async Task<(ApplicationStatus From, bool Committed)> CommitStepAsync(
        string reference,
        ApplicationRecord? known,
        Func<TableEntity, StatusChange>? decide,
        IReadOnlyList<TableEntity> auditRows,
        IReadOnlyList<TableEntity> outboxRows,
        CancellationToken cancellationToken,
        IEnumerable<KeyValuePair<string, object>>? columns = null)
    {
        ArgumentNullException.ThrowIfNull(auditRows);
        for (var attempt = 0; attempt < MaxConflicts; attempt++)
        {
            var row = attempt == 0 && known is not null
                ? known.ToEntity()
                : await applications.ReadRowAsync(reference, cancellationToken);
            var from = Enum.Parse<ApplicationStatus>(row.GetString(nameof(ApplicationRecord.Status)));
            var change = decide?.Invoke(row);
            if (change is not null && !StatusTransitions.IsAllowed(from, change.To))
            {
                await audit.RecordAsync(
                    reference,
                    AuditSteps.TransitionRefused(from.ToString(), change.To.ToString()),
                    new AuditEntry(AuditAction.TransitionRefused, clock.GetUtcNow(), AuditActors.System, $"{from} → {change.To}"),
                    cancellationToken);
                LogRefused(reference, from, change.To);
                throw new IllegalTransitionException($"Application {reference}: {from} → {change.To} is not an allowed transition.");
            }

            var written = change?.Columns().ToList() ?? columns?.ToList();
            var outcome = await applications.CommitAsync(reference, written, change is null ? ETag.All : row.ETag, auditRows, outboxRows, cancellationToken);
            if (outcome == StepCommit.Conflict)
            {
                continue;
            }

            if (outcome == StepCommit.AlreadyDone)
            {
                // An earlier run committed the step (and moved the status): its leaves, if it died before them.
                await audit.CatchUpAsync(reference, [.. auditRows.Select(auditRow => auditRow.RowKey[AuditTrail.Kind.Length..])], cancellationToken);
                if (change is not null)
                {
                    row = await applications.ReadRowAsync(reference, cancellationToken);
                    var now = Enum.Parse<ApplicationStatus>(row.GetString(nameof(ApplicationRecord.Status)));
                    await NotifyObserversAsync(new StatusChanged(reference, now, now, row, clock.GetUtcNow()), cancellationToken);
                }

                return (from, false);
            }

            await audit.AppendLeavesAsync(reference, auditRows, rowsWereThere: false, cancellationToken);
            if (change is not null)
            {
                foreach (var (name, value) in change.Columns())
                {
                    row[name] = value;
                }

                await NotifyObserversAsync(new StatusChanged(reference, from, change.To, row, clock.GetUtcNow()), cancellationToken);
            }

            return (from, true);
        }

        throw new InvalidOperationException($"Application {reference}: the row kept changing during {MaxConflicts} attempts to update its status.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application {Reference}: status change {From} → {To} refused")]
    private partial void LogRefused(string reference, ApplicationStatus from, ApplicationStatus to);
}
