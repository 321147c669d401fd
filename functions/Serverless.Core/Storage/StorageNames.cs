namespace Serverless.Core.Storage;

/// <summary>Every container and table the product uses; the Bicep templates create the same ones.</summary>
public static class StorageNames
{
    public const string AttachmentsContainer = "attachments";
    public const string CertificatesContainer = "certificates";

    /// <summary>Every published procedure definition, by content hash: an application is handled with the version it was submitted under.</summary>
    public const string CatalogueVersionsContainer = "catalogue-versions";

    /// <summary>Every signed checkpoint of every commune's log, write-once (time-based immutability policy in Azure).</summary>
    public const string AuditArchiveContainer = "audit-archive";

    /// <summary>Files of drafts (forms in progress), under their draft's id; deleted with the draft.</summary>
    public const string DraftsContainer = "drafts";

    public const string ApplicationsTable = "Applications";
    public const string AuditTrailTable = "AuditTrail";
    public const string CertificatesTable = "Certificates";
    public const string ReviewDecisionsTable = "ReviewDecisions";
    public const string IdempotencyKeysTable = "IdempotencyKeys";
    public const string CertificateHashesTable = "CertificateHashes";

    /// <summary>One row per outgoing message (reference, step, recipient): written before sending, marked once the relay accepted it.</summary>
    public const string OutboxTable = "Outbox";

    /// <summary>Requests recorded but not yet applied by their workflow (start, decision, withdrawal, correction): what the sweeper redelivers.</summary>
    public const string PendingRequestsTable = "PendingRequests";

    /// <summary>The communes' transparency logs: head, leaves, step keys and latest checkpoint, one partition per commune.</summary>
    public const string TransparencyLogTable = "TransparencyLog";

    /// <summary>Forms in progress (multi-step, saved to finish later, prefilled): one partition per draft, deleted at expiry.</summary>
    public const string DraftsTable = "Drafts";

    public static readonly IReadOnlyList<string> Containers = [AttachmentsContainer, CertificatesContainer, CatalogueVersionsContainer, AuditArchiveContainer, DraftsContainer];

    public static readonly IReadOnlyList<string> Tables =
        [ApplicationsTable, AuditTrailTable, CertificatesTable, ReviewDecisionsTable, IdempotencyKeysTable, CertificateHashesTable, OutboxTable, PendingRequestsTable, TransparencyLogTable, DraftsTable];
}
