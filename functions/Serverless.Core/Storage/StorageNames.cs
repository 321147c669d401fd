namespace Serverless.Core.Storage;

/// <summary>Every container and table the product uses; the Bicep templates create the same ones.</summary>
public static class StorageNames
{
    public const string AttachmentsContainer = "attachments";
    public const string CertificatesContainer = "certificates";

    public const string ApplicationsTable = "Applications";
    public const string AuditTrailTable = "AuditTrail";
    public const string CertificatesTable = "Certificates";
    public const string ReviewDecisionsTable = "ReviewDecisions";
    public const string IdempotencyKeysTable = "IdempotencyKeys";
    public const string CertificateHashesTable = "CertificateHashes";

    public static readonly IReadOnlyList<string> Containers = [AttachmentsContainer, CertificatesContainer];

    public static readonly IReadOnlyList<string> Tables =
        [ApplicationsTable, AuditTrailTable, CertificatesTable, ReviewDecisionsTable, IdempotencyKeysTable, CertificateHashesTable];
}
