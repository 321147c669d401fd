using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.OpenData;
using Serverless.Platform.Storage;

namespace Serverless.Core.Usage;

/// <summary>
/// Counts what a commune uses, for the monthly usage report: one fact per event under a key the caller makes
/// deterministic (an outbox row, a blob name, a delivery id), so a retried step counts once. The facts are folded
/// at night with the statistics (<see cref="FactLedger"/>). <see cref="Webhooks.WebhookDispatcher"/> calls
/// <see cref="WebhookDeliveredAsync"/> once per attempt that the endpoint answered with 2xx; the payment ledger calls
/// <see cref="PaymentReceivedAsync"/> for every payment PayFiP says was paid.
/// </summary>
public sealed class UsageMeter(StorageClients storage, ApplicationLoader applications)
{
    /// <summary>Usage is not split by procedure: one bucket per month.</summary>
    public const string AllProcedures = "-";

    public FactLedger Ledger { get; } = new(storage.Table(StorageNames.UsageFactsTable), storage.Table(StorageNames.UsageMonthsTable));

    /// <summary>An e-mail of an application's outbox accepted by the relay (<paramref name="outboxKey"/>: its outbox row).</summary>
    public async Task EmailSentAsync(string reference, string outboxKey, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (await applications.CommuneIdOfAsync(reference, cancellationToken) is { } communeId)
        {
            await CountAsync(communeId, $"email|{reference}|{outboxKey}", UsageMeasures.EmailsSent, 1, at, cancellationToken);
        }
    }

    /// <summary>
    /// A certificate registered and its PDF stored (<paramref name="blobPath"/>: container/name, <paramref name="bytes"/>
    /// its size): both facts in one write (<see cref="FactLedger.RecordAllAsync"/>), each under the key it always had.
    /// </summary>
    public Task CertificateIssuedAsync(string communeId, string number, string blobPath, long bytes, DateTimeOffset at, CancellationToken cancellationToken) =>
        Ledger.RecordAllAsync(
            communeId,
            [Count($"certificate|{number}", UsageMeasures.CertificatesIssued, 1, at), Storage(blobPath, bytes, at)],
            cancellationToken);

    /// <summary>A blob written (positive bytes) or deleted (negative bytes); <paramref name="blobPath"/> is container/name.</summary>
    public Task StorageChangedAsync(string communeId, string blobPath, long bytes, DateTimeOffset at, CancellationToken cancellationToken) =>
        Ledger.RecordAsync(communeId, Storage(blobPath, bytes, at), cancellationToken);

    /// <summary>Several blobs of one step (an application's attachments), in one write per hundred.</summary>
    public Task StorageChangedAsync(string communeId, IEnumerable<(string BlobPath, long Bytes)> blobs, DateTimeOffset at, CancellationToken cancellationToken) =>
        Ledger.RecordAllAsync(communeId, blobs.Select(blob => Storage(blob.BlobPath, blob.Bytes, at)), cancellationToken);

    /// <summary>One delivery attempt the endpoint accepted (2xx), keyed by endpoint, application, event and attempt number.</summary>
    public Task WebhookDeliveredAsync(string communeId, string deliveryId, DateTimeOffset at, CancellationToken cancellationToken) =>
        CountAsync(communeId, $"webhook|{deliveryId}", UsageMeasures.WebhookDeliveries, 1, at, cancellationToken);

    /// <summary>
    /// A payment PayFiP says was paid (<c>PaymentLedger</c>, where it records it), keyed by its idOp: recorded twice —
    /// by the notification and the return page, or after a crash — it counts once, with its amount in cents.
    /// </summary>
    public Task PaymentReceivedAsync(string communeId, string idOp, long amountInCents, DateTimeOffset at, CancellationToken cancellationToken) =>
        Ledger.RecordAsync(
            communeId,
            new Fact($"payment|{idOp}", FactLedger.MonthOf(at), AllProcedures, new Dictionary<string, long> { [UsageMeasures.PaymentsReceived] = 1, [UsageMeasures.PaymentsReceivedCents] = amountInCents }),
            cancellationToken);

    private Task<bool> CountAsync(string communeId, string key, string measure, long amount, DateTimeOffset at, CancellationToken cancellationToken) =>
        Ledger.RecordAsync(communeId, Count(key, measure, amount, at), cancellationToken);

    private static Fact Storage(string blobPath, long bytes, DateTimeOffset at) =>
        Count($"storage|{(bytes >= 0 ? "+" : "-")}|{blobPath}", UsageMeasures.StorageBytesDelta, bytes, at);

    private static Fact Count(string key, string measure, long amount, DateTimeOffset at) =>
        new(key, FactLedger.MonthOf(at), AllProcedures, new Dictionary<string, long> { [measure] = amount });
}
