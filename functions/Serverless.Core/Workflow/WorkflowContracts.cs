using Serverless.Core.Applications;
using Serverless.Core.Orchestration;

namespace Serverless.Core.Workflow;

/// <summary>
/// Everything the workflow needs, fixed when it starts so that later edits of the catalogue or the settings cannot
/// alter a running application. <paramref name="WorkflowVersion"/> is the path the instance follows to its end
/// (inputs recorded before versioning have none: version 1).
/// </summary>
public sealed record ApplicationWorkflowInput(string Reference, string ProcedureId, WorkflowTiming Timing, int WorkflowVersion = 1, WorkflowRetry? Retry = null)
{
    /// <summary>
    /// When the application was received (its row's <c>SubmittedAt</c>): the legal deadline runs from it, not from the
    /// workflow's start, which a queue or the sweeper may delay. Version 4 needs it; inputs recorded before have none.
    /// </summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>
    /// Where a restarted instance picks the application up (version 5 only): its instance was purged, failed or
    /// terminated while the application was still pending (<see cref="LostWorkflowSweep"/>).
    /// </summary>
    public WorkflowResume? Resume { get; init; }

    /// <summary>
    /// The procedure (the version the application was submitted under) has a signature circuit: only then does version
    /// 7 ask, at an approval, whether the circuit applies (an activity costs the engine about nine storage requests).
    /// </summary>
    public bool HasSignatureCircuit { get; init; }

    /// <summary>
    /// When the procedure (the version the application was submitted under) has it paid, version 8 waits for the
    /// payment there (issue 28); null: free, and version 8 runs version 7's activities only.
    /// </summary>
    public Procedures.PaymentMoment? Payment { get; init; }
}

/// <summary>The step of a pending application a restarted workflow resumes at, as its recorded state says.</summary>
public enum ResumeStage
{
    /// <summary>Received, not admitted yet: from the start.</summary>
    Admission,

    /// <summary>Under review in round <see cref="WorkflowResume.Round"/>: the round opens again (nobody is e-mailed twice).</summary>
    Review,

    /// <summary>Waiting for the citizen's corrections asked in round <see cref="WorkflowResume.Round"/>.</summary>
    Correction,
}

/// <summary>One earlier request for changes: the deadline stopped at the request and ran again from the correction.</summary>
public sealed record CorrectionSpan(DateTimeOffset SuspendedAt, DateTimeOffset CorrectedAt);

/// <summary>
/// What a restarted workflow needs from the application's recorded state: the restart's number (its incident is
/// numbered after it), why it was restarted, the stage and round, the earlier corrections (so the legal deadline is
/// counted again exactly as the lost instance counted it) and, while waiting for corrections, when the wait started and
/// when it ends.
/// </summary>
public sealed record WorkflowResume(
    int Restart,
    string Cause,
    ResumeStage Stage,
    int Round,
    IReadOnlyList<CorrectionSpan> Corrections,
    DateTimeOffset? SuspendedAt = null,
    DateTimeOffset? AnswerDueAt = null)
{
    /// <summary>The incident of restart <c>n</c> is number <c>n × 100</c>; the steps' own incidents follow it (three digits).</summary>
    public const int IncidentsPerRestart = 100;

    /// <summary>A workflow lost this many times is not restarted again: the administrator is told to look.</summary>
    public const int MaxRestarts = 5;

    public int IncidentNumber => Restart * IncidentsPerRestart;
}

/// <summary>
/// How the workflow retries a failed activity: a few quick retries, then an incident that retries with capped
/// exponential back-off (for weeks) until the cause clears.
/// </summary>
public sealed record WorkflowRetry(TimeSpan FirstDelay, int Attempts, TimeSpan IncidentFirstDelay, TimeSpan IncidentMaxDelay)
{
    /// <summary>10 s, 20 s, 40 s, 80 s, 160 s: about five minutes, then the incident (5 min doubling up to 6 h).</summary>
    public static readonly WorkflowRetry Default = new(TimeSpan.FromSeconds(10), 6, TimeSpan.FromMinutes(5), TimeSpan.FromHours(6));
}

/// <summary>An agent's decision on one review round, raised by the review page.</summary>
public sealed record ReviewDecisionEvent(ReviewAction Action, int Round, string Reviewer, string Comment, IReadOnlyList<string> Fields, DateTimeOffset DecidedAt);

/// <summary>The citizen withdrew the application from the status page.</summary>
public sealed record WithdrawalEvent(DateTimeOffset At);

/// <summary>The citizen answered a request for changes.</summary>
public sealed record CorrectionEvent(int Round, DateTimeOffset At);

/// <summary>How an application ended (its status written as its name, as instances recorded before the enum wrote it).</summary>
public sealed record ApplicationOutcome(
    string Reference,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<Applications.ApplicationStatus>))] Applications.ApplicationStatus Status,
    string? CertificateNumber);

public static class WorkflowNames
{
    /// <summary>The version new instances start on; see docs/decisions/0003-workflow-versions.md.</summary>
    public const int CurrentVersion = 8;

    /// <summary>
    /// Version 4's path resumed from the application's recorded state (<see cref="ApplicationWorkflowInput.Resume"/>).
    /// A lost instance of version 6 resumes on it too: the steps are the same, in more activities.
    /// </summary>
    public const int ResumedVersion = 5;

    public const string ApplicationWorkflow = nameof(ApplicationWorkflow);
    public const string ReviewDecisionEvent = "ReviewDecision";
    public const string WithdrawalEvent = "Withdrawal";
    public const string PaymentEvent = "PaymentNotified";

    /// <summary>The custom status while version 8 waits for a payment (the request sweeper and tests read it).</summary>
    public const string AwaitingPayment = "AwaitingPayment";
    public const string CorrectionEvent = "Correction";

    /// <summary>Custom status while the workflow waits for an agent.</summary>
    public const string AwaitingReview = "AwaitingReview";

    /// <summary>Custom status while the workflow waits for the citizen's corrections.</summary>
    public const string AwaitingCorrection = "AwaitingCorrection";
}

