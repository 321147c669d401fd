using Serverless.Core.OpenData;
using Serverless.Core.Procedures;

namespace Serverless.Core.Usage;

/// <summary>Who may see which communes' usage: given by the caller (the back office's signed-in administrator).</summary>
public sealed record UsageScope(IReadOnlyCollection<string> CommuneIds);

/// <summary>One commune's month: what it used and what that is estimated to cost at <see cref="Pricing"/>'s unit prices.</summary>
public sealed record UsageRow(
    string CommuneId,
    string CommuneName,
    string Month,
    IReadOnlyDictionary<string, long> ApplicationsByProcedure,
    long EmailsSent,
    long CertificatesIssued,
    long StorageBytesHeld,
    long WebhookDeliveries,
    decimal EstimatedCost)
{
    /// <summary>Payments PayFiP said were paid this month (those to refund included).</summary>
    public long PaymentsReceived { get; init; }

    /// <summary>Their amount, in cents.</summary>
    public long PaymentsReceivedCents { get; init; }

    public long Applications => ApplicationsByProcedure.Values.Sum();
}

/// <summary>
/// The monthly usage report, from the folded aggregates only (nothing scans the applications): applications by
/// procedure from the statistics ledger (unsuppressed: the report is not public), e-mails, certificates, storage,
/// webhook deliveries and payments received (count and amount) from the usage ledger. Storage held is the running sum of bytes written minus bytes deleted up
/// to the month's end. Figures are those of the last nightly fold.
/// </summary>
public sealed class UsageReport(StatisticsLedger statistics, UsageMeter usage, ProcedureCatalog catalog, Pricing pricing)
{
    public Pricing Pricing => pricing;

    public async Task<IReadOnlyList<UsageRow>> BuildAsync(UsageScope scope, string month, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var rows = new List<UsageRow>();
        foreach (var commune in catalog.Communes.Where(commune => scope.CommuneIds.Contains(commune.Id)).OrderBy(commune => commune.Id, StringComparer.Ordinal))
        {
            var applications = (await statistics.Ledger.ReadAsync(commune.Id, cancellationToken))
                .Where(aggregate => aggregate.Month == month)
                .ToDictionary(aggregate => aggregate.ProcedureId, aggregate => aggregate[StatisticMeasures.Submitted], StringComparer.Ordinal);
            var used = await usage.Ledger.ReadAsync(commune.Id, cancellationToken);
            long Sum(string measure) => used.Where(aggregate => aggregate.Month == month).Sum(aggregate => aggregate[measure]);
            var held = used.Where(aggregate => string.CompareOrdinal(aggregate.Month, month) <= 0).Sum(aggregate => aggregate[UsageMeasures.StorageBytesDelta]);
            var emails = Sum(UsageMeasures.EmailsSent);
            var certificates = Sum(UsageMeasures.CertificatesIssued);
            var webhooks = Sum(UsageMeasures.WebhookDeliveries);
            var cost = applications.Values.Sum() * pricing["application"].Amount
                + emails * pricing["email"].Amount
                + certificates * pricing["certificate"].Amount
                + held / 1_000_000_000m * pricing["storageGbMonth"].Amount
                + webhooks * pricing["webhookDelivery"].Amount;
            // Payments are counted, not priced: PayFiP is the DGFiP's service, not the platform's.
            rows.Add(new UsageRow(commune.Id, commune.Name, month, applications, emails, certificates, held, webhooks, Math.Round(cost, 4, MidpointRounding.AwayFromZero))
            {
                PaymentsReceived = Sum(UsageMeasures.PaymentsReceived),
                PaymentsReceivedCents = Sum(UsageMeasures.PaymentsReceivedCents),
            });
        }

        return rows;
    }
}
