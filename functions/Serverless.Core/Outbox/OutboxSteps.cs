using Serverless.Core.Workflow;

namespace Serverless.Core.Outbox;

/// <summary>The one list of message steps: with the application and the recipient, a step names one message for ever.</summary>
public static class OutboxSteps
{
    public const string Acknowledgement = "acknowledgement";

    public static string Review(int round, int reminderNumber) => $"review-r{round:D2}-{reminderNumber:D2}";

    public static string Escalation(int round, EscalationLevel level) => $"escalation-r{round:D2}-{level}";

    public static string Delegation(int round) => $"delegation-r{round:D2}";

    public static string ChangesRequested(int round) => $"changes-r{round:D2}";

    /// <summary>A step of a signature circuit: the request (0), its reminders, and (-1) the escalation to the administrator.</summary>
    public static string Circuit(int pass, int step, int reminder) => reminder < 0 ? $"circuit-p{pass:D3}-s{step:D2}-escalation" : $"circuit-p{pass:D3}-s{step:D2}-{reminder:D2}";

    public static string Revocation(string number) => $"revocation-link-{number}";

    public static string Decision(CitizenOutcome outcome) => $"decision-{outcome}";

    public static string Revoked(string number) => $"revoked-{number}";

    public static string Incident(int number) => $"incident-{number:D3}";

    /// <summary>The administrator's notice that a queued e-mail of the application is held up by the relay.</summary>
    public static string DelayedNotice(string step) => $"delayed-{step}";

    /// <summary>Notices about notices are not reported again when they are held up themselves.</summary>
    public static bool IsAdministratorNotice(string step) => step.StartsWith("incident-", StringComparison.Ordinal) || step.StartsWith("delayed-", StringComparison.Ordinal);

    public const string RetentionWarning = "retention-warning";

    public const string ErasureRequest = "erasure-request";

    /// <summary>The payment asked (with its link), its receipt, and the notice that an unpaid application is closed.</summary>
    public const string PaymentDue = "payment-due";

    public const string PaymentReceipt = "payment-receipt";

    public const string PaymentAbandoned = "payment-abandoned";
}
