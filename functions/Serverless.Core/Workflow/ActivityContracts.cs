using Serverless.Core.Deadlines;
using Serverless.Core.Procedures;

namespace Serverless.Core.Workflow;

public static class ActivityNames
{
    public const string AcknowledgeReceipt = nameof(AcknowledgeReceipt);
    public const string ValidateApplication = nameof(ValidateApplication);
    public const string RequestReview = nameof(RequestReview);
    public const string SendReviewReminder = nameof(SendReviewReminder);
    public const string EscalateReview = nameof(EscalateReview);
    public const string RequestChanges = nameof(RequestChanges);
    public const string CloseApplication = nameof(CloseApplication);
    public const string IssueCertificate = nameof(IssueCertificate);
    public const string NotifyCitizen = nameof(NotifyCitizen);

    // Version 2: one activity per recipient, and incidents.
    public const string OpenReviewRound = nameof(OpenReviewRound);
    public const string SendReviewerEmail = nameof(SendReviewerEmail);
    public const string SendRevocationLink = nameof(SendRevocationLink);
    public const string OpenIncident = nameof(OpenIncident);
    public const string NotifyAdministrator = nameof(NotifyAdministrator);
    public const string CloseIncident = nameof(CloseIncident);

    // Version 3: e-mails queued for the dispatcher, the acknowledgement and the checks in one step.
    public const string AdmitApplication = nameof(AdmitApplication);

    // Version 4: at the legal deadline, the implicit decision is claimed in ReviewDecisions (first writer wins).
    public const string ClaimImplicitDecision = nameof(ClaimImplicitDecision);

    // Version 6: admission and the first review round in one step, the certificate and the decision e-mail in one step.
    public const string AdmitAndOpenReview = nameof(AdmitAndOpenReview);
    public const string ApproveApplication = nameof(ApproveApplication);

    // The signature circuit (issue 26): its start from an approval, each step's request, each recorded action applied.
    public const string StartCircuit = nameof(StartCircuit);
    public const string RequestPayment = nameof(RequestPayment);
    public const string SettlePayment = nameof(SettlePayment);
    public const string AbandonUnpaid = nameof(AbandonUnpaid);
    public const string RequestCircuitStep = nameof(RequestCircuitStep);
    public const string ApplyCircuitAction = nameof(ApplyCircuitAction);
}

/// <summary>
/// One reviewer's e-mail of a round: the request (reminder 0), a reminder, or an escalation. <paramref name="Queued"/>
/// (version 3): recorded for the e-mail dispatcher instead of sent by the step.
/// </summary>
public sealed record ReviewerEmail(string Reference, int Round, int ReminderNumber, string Recipient, EscalationLevel? Escalation = null, bool Queued = false);

/// <summary>One reviewer's link to revoke the certificate just issued.</summary>
public sealed record RevocationLink(string Reference, string Number, string Recipient);

/// <summary>Incident number <paramref name="Number"/> of an application: the step that failed after its retries, and why.</summary>
public sealed record IncidentNotice(string Reference, int Number, string Step, string Error);

/// <summary>Acknowledge receipt, announcing the date by which the law expects a decision.</summary>
public sealed record Acknowledgement(string Reference, DateTimeOffset DecisionDueAt);

/// <summary>Result of the server-side checks run when the workflow starts.</summary>
public sealed record ValidationOutcome(bool IsValid, IReadOnlyList<string> Reasons);

/// <summary>
/// Version 6's first step: acknowledge receipt (announcing <paramref name="DecisionDueAt"/>), run the checks and, when
/// they pass, open review round 1 with each reviewer's request queued, in one transaction.
/// </summary>
public sealed record AdmissionAndReview(string Reference, DateTimeOffset DecisionDueAt);

/// <summary>What version 6's first step found: the checks, and the reviewers of round 1 (none when the checks failed).</summary>
public sealed record AdmissionResult(ValidationOutcome Check, IReadOnlyList<string> Reviewers);

/// <summary>
/// Ask the reviewers of a round for a decision (reminder number 0 is the request itself). <paramref name="QueueReviewerEmails"/>
/// (version 3): opening the round also queues each reviewer's request for the e-mail dispatcher.
/// </summary>
public sealed record ReviewRequest(string Reference, int Round, int ReminderNumber, DateTimeOffset? DecisionDueAt = null, bool QueueReviewerEmails = false);

public enum EscalationLevel
{
    /// <summary>The procedure's deputy reviewer, after the escalation delay.</summary>
    Deputy,

    /// <summary>The supervisor (escalation contact), after twice the delay.</summary>
    Supervisor,

    /// <summary>The supervisor, because the legal deadline passed and silence decides nothing for this procedure.</summary>
    DeadlinePassed,
}

public sealed record Escalation(string Reference, int Round, EscalationLevel Level);

/// <summary>Ask the citizen to correct fields or replace attachments, before a date.</summary>
public sealed record ChangeRequest(string Reference, int Round, string Message, IReadOnlyList<string> Fields, DateTimeOffset AnswerDueAt);

/// <summary>How an application ended when no person decided it.</summary>
public enum ClosingReason
{
    /// <summary>Silence vaut acceptation: the decision deadline passed.</summary>
    ImplicitAcceptance,

    /// <summary>Silence vaut rejet.</summary>
    ImplicitRejection,

    /// <summary>The citizen never answered a request for changes.</summary>
    Abandoned,
}

public sealed record Closing(string Reference, ClosingReason Reason);

/// <summary>The round's implicit decision at its legal deadline, <paramref name="DueAt"/>: acceptance or rejection by silence.</summary>
public sealed record ImplicitDecisionClaim(string Reference, int Round, DateTimeOffset DueAt, bool Acceptance);

/// <summary>
/// Issue the certificate with the number and date the orchestration fixed (so a retry yields the same document
/// identity). Version 1 sends the reviewers' revocation links from the same activity; version 2 sends one per reviewer.
/// </summary>
public sealed record CertificateRequest(string Reference, string Number, DateTimeOffset IssuedAt, bool Implicit = false, bool NotifyReviewers = true)
{
    /// <summary>The signed decision of the application's signature circuit (its blob), when it went through one (version 7).</summary>
    public string? SignedDecision { get; init; }
}

public sealed record IssuedCertificate(string Number, string Sha256);

/// <summary>
/// Version 6's approval: the certificate of <paramref name="Certificate"/>, and in the same transaction the citizen's
/// e-mail (<paramref name="Outcome"/>, with the agent's <paramref name="Comment"/>) and the revocation link of each of
/// <paramref name="RevocationRecipients"/>.
/// </summary>
public sealed record Approval(CertificateRequest Certificate, CitizenOutcome Outcome, string Comment, IReadOnlyList<string> RevocationRecipients);

public enum CitizenOutcome
{
    Approved,
    Rejected,
    ImplicitlyApproved,
    ImplicitlyRejected,
    Withdrawn,
    Abandoned,
}

/// <summary>
/// Tell the citizen how the application ended. <paramref name="Queued"/> (version 3): the e-mails are recorded for the
/// dispatcher, and an approval's notice also queues the revocation link of each of <paramref name="RevocationRecipients"/>.
/// </summary>
public sealed record CitizenNotice(string Reference, CitizenOutcome Outcome, string Reason, string? CertificateNumber, bool Queued = false, IReadOnlyList<string>? RevocationRecipients = null)
{
    /// <summary>The signed decision (its blob) the approval's e-mail carries with the certificate (version 7's circuit).</summary>
    public string? SignedDecision { get; init; }

    public bool Approved => Outcome is CitizenOutcome.Approved or CitizenOutcome.ImplicitlyApproved;
}

/// <summary>
/// Delays of one application, fixed at submission from its procedure (and the deployment's overrides).
/// <paramref name="DecisionDeadlineDays"/> is what versions 1 to 3 count (N × 24 h from the start); version 4 counts
/// <see cref="DecisionPeriod"/> as the law does, and applies <see cref="CorrectionEffect"/> when the citizen corrects.
/// </summary>
public sealed record WorkflowTiming(
    double ReminderAfterDays,
    int MaxReminders,
    double? EscalateAfterDays,
    int DecisionDeadlineDays,
    SilenceMeans SilenceMeans,
    double CorrectionDelayDays,
    TimeSpan? DayLength)
{
    /// <summary>The decision deadline as the procedure states it (version 4); inputs recorded before it have none.</summary>
    public LegalPeriod? DecisionPeriod { get; init; }

    /// <summary>What a request for changes does to the deadline (version 4).</summary>
    public CorrectionEffect CorrectionEffect { get; init; } = CorrectionEffect.Suspends;
}
