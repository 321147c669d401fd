namespace Serverless.Core.Addresses;

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

    /// <summary>Each application's outbound events, in order: a sequence head, the events, and an index from event id to sequence (dedup).</summary>
    public const string WebhookEventsTable = "WebhookEvents";

    /// <summary>Per endpoint (PK commune|endpoint): one delivery row per event, one row per attempt, and the endpoint's state (disabled after 410).</summary>
    public const string WebhookLogTable = "WebhookLog";

    /// <summary>Work items "deliver what is due for this endpoint and application", made visible when the next attempt is due.</summary>
    public const string WebhookDeliveriesQueue = "webhook-deliveries";

    /// <summary>Stored submissions whose workflow is to be started: the workflow's input, fixed at submission (see WorkflowStartMessages).</summary>
    public const string WorkflowStartsQueue = "workflow-starts";

    /// <summary>E-mails recorded in the outbox and not yet sent (EmailDelivery): made visible when the next attempt is due.</summary>
    public const string EmailDeliveriesQueue = Serverless.Platform.Email.SmtpOptions.DefaultDeliveryQueue;

    /// <summary>Each queued e-mail as it will be sent (QueuedEmail), under its application's reference; deleted once sent.</summary>
    public const string OutboxMessagesContainer = "outbox-messages";

    /// <summary>When each decided application's personal data is due for a warning and for erasure (rows by day), and the citizens' erasure requests.</summary>
    public const string RetentionTable = "Retention";

    /// <summary>What is kept of an erased application (commune, procedure, dates, outcome, certificate number and hash): statistics and the audit skeleton.</summary>
    public const string TombstonesTable = "Tombstones";

    /// <summary>The published open data (statistics CSV/JSON per commune and their Table Schema), served by the app's open-data routes (the container itself is private).</summary>
    public const string OpenDataContainer = "open-data";

    /// <summary>Statistics facts not yet folded (one row per application and transition, deterministic keys), one partition per commune.</summary>
    public const string StatisticsFactsTable = "StatisticsFacts";

    /// <summary>Statistics per commune × procedure × month as folded from the facts, with a marker per folded fact.</summary>
    public const string StatisticsMonthsTable = "StatisticsMonths";

    /// <summary>Usage facts not yet folded (e-mails, certificates, storage bytes, webhook deliveries), one partition per commune.</summary>
    public const string UsageFactsTable = "UsageFacts";

    /// <summary>Usage per commune × month as folded from the facts, with a marker per folded fact.</summary>
    public const string UsageMonthsTable = "UsageMonths";

    /// <summary>Used sign-in links of the back office (conditional insert of the link's nonce: single use).</summary>
    public const string AgentSignInsTable = "AgentSignIns";

    /// <summary>The back office's sessions, by the SHA-256 of the cookie's id; signing out deletes the row.</summary>
    public const string AgentSessionsTable = "AgentSessions";

    /// <summary>The back office's list: index rows by commune and status, ordered by due date, plus one locator per application.</summary>
    public const string BackOfficeIndexTable = "BackOfficeIndex";

    /// <summary>Agents' private notes on applications: never read by any citizen-facing code.</summary>
    public const string AgentNotesTable = "AgentNotes";

    /// <summary>Forms in progress (multi-step, saved to finish later, prefilled): one partition per draft, deleted at expiry.</summary>
    public const string DraftsTable = "Drafts";

    /// <summary>FranceConnect sign-ins started and not yet back (state hash → nonce, PKCE verifier, return path): single use, 10 minutes.</summary>
    public const string CitizenSignInsTable = "CitizenSignIns";

    /// <summary>Citizens' sessions after a FranceConnect sign-in, one partition per subject (sign-out everywhere deletes it).</summary>
    public const string CitizenSessionsTable = "CitizenSessions";

    /// <summary>"Mes démarches": a signed-in citizen's applications, one partition per FranceConnect subject, owned by CitizenApplications.</summary>
    public const string CitizenApplicationsTable = "CitizenApplications";

    /// <summary>PayFiP's idOps, each to its application (for PayFiP's notification and the sweep of unread results), owned by PaymentLedger.</summary>
    public const string PaymentOperationsTable = "PaymentOperations";

    /// <summary>Paid payments by commune, régie and Paris day (the back office's list and the accountant's export), owned by PaymentLedger.</summary>
    public const string PaymentsTable = "Payments";

    public static readonly IReadOnlyList<string> Containers = [AttachmentsContainer, CertificatesContainer, CatalogueVersionsContainer, AuditArchiveContainer, OpenDataContainer, DraftsContainer, OutboxMessagesContainer];

    public static readonly IReadOnlyList<string> Tables =
        [ApplicationsTable, AuditTrailTable, CertificatesTable, ReviewDecisionsTable, IdempotencyKeysTable, CertificateHashesTable, OutboxTable, PendingRequestsTable, TransparencyLogTable, WebhookEventsTable, WebhookLogTable, RetentionTable, TombstonesTable,
         StatisticsFactsTable, StatisticsMonthsTable, UsageFactsTable, UsageMonthsTable,
         AgentSignInsTable, AgentSessionsTable, BackOfficeIndexTable, AgentNotesTable, DraftsTable, CitizenSignInsTable, CitizenSessionsTable, CitizenApplicationsTable, PaymentOperationsTable, PaymentsTable];

    public static readonly IReadOnlyList<string> Queues = [WebhookDeliveriesQueue, WorkflowStartsQueue, EmailDeliveriesQueue];
}
