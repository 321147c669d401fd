namespace Serverless.Core.Usage;

/// <summary>The counters of the usage report; storage is a signed delta in bytes (added on write, subtracted on deletion).</summary>
public static class UsageMeasures
{
    public const string EmailsSent = nameof(EmailsSent);
    public const string CertificatesIssued = nameof(CertificatesIssued);
    public const string StorageBytesDelta = nameof(StorageBytesDelta);
    public const string WebhookDeliveries = nameof(WebhookDeliveries);

    /// <summary>Payments PayFiP says were paid (each idOp once, those flagged for refund included), and their amount in cents.</summary>
    public const string PaymentsReceived = nameof(PaymentsReceived);
    public const string PaymentsReceivedCents = nameof(PaymentsReceivedCents);
}
