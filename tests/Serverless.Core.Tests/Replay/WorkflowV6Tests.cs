using System.Text.Json;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Workflow;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Core.Tests.Replay;

/// <summary>
/// Version 6: version 4's path in two activities fewer (admission with review round 1, the certificate with the
/// decision e-mail), falling back to version 4's separate steps when the combined first step keeps failing. Driven
/// through the worker's own replay engine; the history recorded at its introduction (v6-awaiting-review.jsonl) must
/// keep replaying.
/// </summary>
public sealed class WorkflowV6Tests
{
    private static readonly OrchestrationDriver Driver = new(ApplicationWorkflow.RunAsync);

    private static ApplicationWorkflowInput Input(WorkflowTiming? timing = null) =>
        ReplayScripts.V1Input with { WorkflowVersion = 6, Retry = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)), Timing = timing ?? ReplayScripts.Timing, ReceivedAt = ReplayScripts.StartedAt };

    private static Queue<(string Name, object Payload)> Approved => new([(WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))]);

    private static Func<string, string, string?> Failing(string activity, System.Type? error = null) =>
        (name, input) => name == activity ? OrchestrationDriver.Fail(error ?? typeof(IOException)) : ReplayScripts.Result(name, input);

    [Fact]
    public void RunAsync_V6InstanceIsApproved_RunsTwoActivitiesWithTheDecisionEmailInTheSecond()
    {
        var (history, last) = Driver.Record(Input(), ReplayScripts.StartedAt, ReplayScripts.Result, Approved);

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Contains("\"Approved\"", last.Completion.Result, StringComparison.Ordinal);
        Assert.Equal([ActivityNames.AdmitAndOpenReview, ActivityNames.ApproveApplication], ReplayScripts.Scheduled(history));
        var approval = ReplayScripts.Argument(history.Single(e => e.TaskScheduled is { Name: ActivityNames.ApproveApplication }).TaskScheduled.Input);
        Assert.Equal((int)CitizenOutcome.Approved, approval.GetProperty("Outcome").GetInt32());
        Assert.Equal(ReplayScripts.Reviewers, [.. approval.GetProperty("RevocationRecipients").EnumerateArray().Select(reviewer => reviewer.GetString()!)]);
        Assert.False(approval.GetProperty("Certificate").GetProperty("Implicit").GetBoolean());
    }

    [Fact]
    public void RunAsync_V6ChecksFail_TellsTheCitizenWithoutOpeningAReview()
    {
        var rejected = JsonSerializer.Serialize(new AdmissionResult(new ValidationOutcome(false, ["Date de naissance invalide."]), []));
        var (history, last) = Driver.Record(
            Input(),
            ReplayScripts.StartedAt,
            (name, input) => name == ActivityNames.AdmitAndOpenReview ? rejected : ReplayScripts.Result(name, input),
            new());

        Assert.Contains("\"Rejected\"", last.Completion!.Result, StringComparison.Ordinal);
        Assert.Equal([ActivityNames.AdmitAndOpenReview, ActivityNames.NotifyCitizen], ReplayScripts.Scheduled(history));
    }

    [Fact]
    public void RunAsync_V6CombinedAdmissionKeepsFailing_TakesVersion4sTwoStepsWithoutAnIncident()
    {
        var (history, last) = Driver.Record(Input(), ReplayScripts.StartedAt, Failing(ActivityNames.AdmitAndOpenReview), Approved);

        var scheduled = ReplayScripts.Scheduled(history);
        Assert.True(P.OrchestrationStatus.Completed == last.Completion!.OrchestrationStatus, last.Completion.FailureDetails?.ToString());
        Assert.Equal(2, scheduled.Count(name => name == ActivityNames.AdmitAndOpenReview)); // the quick retries: 2 attempts here
        Assert.Equal(
            [ActivityNames.AdmitApplication, ActivityNames.OpenReviewRound, ActivityNames.ApproveApplication],
            scheduled.Where(name => name != ActivityNames.AdmitAndOpenReview));
    }

    [Fact]
    public void RunAsync_V6RoundCannotOpenUntilTheLegalDeadline_SilenceStillMeansAcceptance()
    {
        var timing = ReplayScripts.Timing with { DecisionDeadlineDays = 2, MaxReminders = 0, SilenceMeans = SilenceMeans.Acceptance, DayLength = TimeSpan.FromDays(1) };
        var stuck = Failing(ActivityNames.AdmitAndOpenReview, typeof(NonRetryableException));

        var (history, last) = Driver.Record(
            Input(timing),
            ReplayScripts.StartedAt,
            (name, input) => name == ActivityNames.OpenReviewRound ? OrchestrationDriver.Fail(typeof(IOException)) : stuck(name, input),
            new());

        Assert.True(P.OrchestrationStatus.Completed == last.Completion!.OrchestrationStatus, last.Completion.FailureDetails?.ToString());
        Assert.Contains(history, e => e.TaskScheduled is { Name: ActivityNames.OpenIncident });
        Assert.Contains(history, e => e.TaskScheduled is { Name: ActivityNames.ApproveApplication } approve && approve.Input.Contains("\"Implicit\":true", StringComparison.Ordinal));
        Assert.Equal(ReplayScripts.StartedAt.AddDays(2), history.Where(e => e.TimerCreated is not null).Max(e => e.TimerCreated.FireAt.ToDateTime()));
    }

    [Fact]
    public void RunAsync_V6WithAResume_FailsInsteadOfTakingAPathItDoesNotHave()
    {
        var input = Input() with { Resume = new WorkflowResume(1, "lost", ResumeStage.Review, 1, []) };

        var (_, last) = Driver.Record(input, ReplayScripts.StartedAt, ReplayScripts.Result, new());

        Assert.Equal(P.OrchestrationStatus.Failed, last.Completion!.OrchestrationStatus);
    }

    [Fact]
    public void RunAsync_V6HistoryAwaitingReviewIsApproved_FinishesInOneStep()
    {
        var history = ReplayScripts.History("v6-awaiting-review.jsonl");
        var at = history.Max(e => e.Timestamp.ToDateTime()).AddMinutes(1);

        var (after, last) = Driver.Resume(history, [OrchestrationDriver.Started(at), OrchestrationDriver.Raised(at, WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))], at, ReplayScripts.Result, new());

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Equal([ActivityNames.ApproveApplication], ReplayScripts.Scheduled(after.Skip(history.Count)));
    }

    [Fact]
    public void RunAsync_V6HistoryForcedOntoVersion4_IsCaughtAsNonDeterministic()
    {
        var history = ReplayScripts.History("v6-awaiting-review.jsonl");
        var started = history.First(e => e.ExecutionStarted is not null).ExecutionStarted;
        started.Input = started.Input.Replace("\"WorkflowVersion\":6", "\"WorkflowVersion\":4", StringComparison.Ordinal);
        var at = history.Max(e => e.Timestamp.ToDateTime()).AddMinutes(1);

        var turn = Driver.Run(history, [OrchestrationDriver.Started(at), OrchestrationDriver.Raised(at, WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))]);

        Assert.Equal(P.OrchestrationStatus.Failed, turn.Completion?.OrchestrationStatus);
        Assert.Contains("NonDeterministic", turn.Completion!.FailureDetails.ErrorType, StringComparison.Ordinal);
    }
}
