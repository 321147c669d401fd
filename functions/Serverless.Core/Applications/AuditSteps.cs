using Serverless.Core.Workflow;

namespace Serverless.Core.Applications;

/// <summary>
/// The one list of audit step keys. A key names a step of an application's life, never a moment, so the insert-only
/// audit trail keeps one entry per step however often the code that records it runs.
/// </summary>
public static class AuditSteps
{
    public const string Submitted = "submitted";
    public const string Acknowledgement = "acknowledgement";
    public const string Validation = "validation";
    public const string Certificate = "certificate";
    public const string Withdrawal = "withdrawal";
    public const string Recovered = "recovered";
    public const string RetentionWarning = "retention-warning";
    public const string ErasureRequested = "erasure-requested";

    /// <summary>The erasure of the application's personal data: the verifier accepts scrubbed audit rows only before this leaf.</summary>
    public const string Erasure = "erasure";

    public static string ReviewRequested(int round) => $"review-r{round:D2}";

    public static string Reminder(int round, int number) => $"reminder-r{round:D2}-{number:D2}";

    /// <summary>Version 2 sends each reviewer's reminder in an activity of its own: one entry each.</summary>
    public static string Reminder(int round, int number, string recipient) => $"{Reminder(round, number)}-{Fingerprint.Of(recipient.ToLowerInvariant())}";

    public static string Escalation(int round, EscalationLevel level) => $"escalation-r{round:D2}-{level}";

    public static string Decision(int round) => $"decision-r{round:D2}";

    public static string Correction(int round) => $"correction-r{round:D2}";

    /// <summary>One entry per colleague an application is handed to in a round.</summary>
    public static string Delegation(int round, string colleague) => $"delegation-r{round:D2}-{Fingerprint.Of(colleague.ToLowerInvariant())}";

    public static string Closing(ClosingReason reason) => $"closing-{reason}";

    public static string CitizenNotified(CitizenOutcome outcome) => $"citizen-notified-{outcome}";

    public static string Revoked(string number) => $"revoked-{number}";

    /// <summary>The <paramref name="restart"/>-th time the application's workflow was found lost and restarted.</summary>
    public static string WorkflowLost(int restart) => $"{WorkflowLostPrefix}{restart:D2}";

    public const string WorkflowLostPrefix = "workflow-lost-";

    public static string IncidentOpened(int incident) => $"incident-{incident:D3}-opened";

    public static string IncidentResolved(int incident) => $"incident-{incident:D3}-resolved";

    /// <summary>An e-mail the relay kept refusing past the quick retries (version 3 sends e-mails from the dispatcher).</summary>
    public static string NoticeDelayed(string outboxRowKey) => $"notice-delayed-{Fingerprint.Of(outboxRowKey)}";

    public static string NoticeDelivered(string outboxRowKey) => $"notice-delivered-{Fingerprint.Of(outboxRowKey)}";

    public static string TransitionRefused(string from, string to) => $"refused-{from}-{to}";

    /// <summary>A version of a decision's text in its signature circuit (issue 26).</summary>
    public static string DecisionVersion(int version) => $"decision-v{version:D3}";

    /// <summary>A step of a signature circuit asked of its people (pass, step), or a reminder (number), or the escalation.</summary>
    public static string CircuitRequested(int pass, int step, int reminder) => $"circuit-p{pass:D3}-s{step:D2}-asked-{reminder:D2}";

    public static string CircuitEscalated(int pass, int step) => $"circuit-p{pass:D3}-s{step:D2}-escalated";

    /// <summary>What a person did at a step of a signature circuit (submitted, visaed, sent back, amended, signed).</summary>
    public static string CircuitActed(int pass, int step) => $"circuit-p{pass:D3}-s{step:D2}-acted";

    /// <summary>The price asked of the citizen (issue 28), the payment that settled it, and an unpaid application closed.</summary>
    public const string PaymentRequested = "payment-requested";

    public const string PaymentReceived = "payment-received";

    public const string PaymentAbandoned = "payment-abandoned";
}

/// <summary>Short stable fingerprints of values (addresses) for keys: the same value always gives the same key.</summary>
public static class Fingerprint
{
    public static string Of(string value) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..16];
}
