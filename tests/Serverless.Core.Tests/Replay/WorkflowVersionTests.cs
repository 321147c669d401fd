using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Review;
using Serverless.Core.Workflow;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Core.Tests.Replay;

/// <summary>
/// Instances live for months: histories recorded with version 1 of the workflow (tests/…/Replay/histories, recorded
/// at commit 98c09cb, before version 2 existed) and with version 2 (recorded at commit a92dfda, before version 3
/// existed) are replayed against today's orchestrator, as the worker replays them after a deployment, and must go on
/// along their own version's path.
/// </summary>
public sealed class WorkflowVersionTests
{
    private static readonly OrchestrationDriver Driver = new(ApplicationWorkflow.RunAsync);

    private static DateTime LastTime(List<P.HistoryEvent> history) => history.Max(e => e.Timestamp.ToDateTime()).AddMinutes(1);

    /// <summary>The agent approves round 1 a minute after the saved history ends.</summary>
    private static List<P.HistoryEvent> Approval(List<P.HistoryEvent> history)
    {
        var at = LastTime(history);
        return [OrchestrationDriver.Started(at), OrchestrationDriver.Raised(at, WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))];
    }

    private static (List<P.HistoryEvent> After, OrchestrationDriver.Turn Last) ResumeWithApproval(List<P.HistoryEvent> history) =>
        Driver.Resume(history, Approval(history), LastTime(history), ReplayScripts.Result, new());

    /// <summary>The control that shows the replay check can fail: the history replayed on the wrong version's path.</summary>
    private static void AssertApprovalFailsAsNonDeterministic(List<P.HistoryEvent> history)
    {
        var turn = Driver.Run(history, Approval(history));

        Assert.Equal(P.OrchestrationStatus.Failed, turn.Completion?.OrchestrationStatus);
        Assert.Contains("NonDeterministic", turn.Completion!.FailureDetails.ErrorType, StringComparison.Ordinal);
    }

    [Fact]
    public void RunAsync_V1InstanceAwaitingReviewIsApproved_FinishesOnTheV1Path()
    {
        var history = ReplayScripts.History("v1-awaiting-review.jsonl");

        var (after, last) = ResumeWithApproval(history);

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Contains("\"Approved\"", last.Completion.Result, StringComparison.Ordinal);
        // Version 1 issues the certificate and tells the citizen; version 2 would also send revocation links one by one.
        Assert.Equal([ActivityNames.IssueCertificate, ActivityNames.NotifyCitizen], ReplayScripts.Scheduled(after.Skip(history.Count)));
    }

    [Fact]
    public void RunAsync_V1InstanceAwaitingCorrectionIsCorrected_OpensTheNextRoundTheV1Way()
    {
        var history = ReplayScripts.History("v1-awaiting-correction.jsonl");
        var at = LastTime(history);

        var turn = Driver.Run(history, [OrchestrationDriver.Started(at), OrchestrationDriver.Raised(at, WorkflowNames.CorrectionEvent, new CorrectionEvent(1, at))]);

        Assert.Null(turn.Completion);
        Assert.Equal([ActivityNames.RequestReview], turn.ScheduledActivities);
    }

    [Theory]
    [InlineData("v1-approved.jsonl")]
    [InlineData("v2-approved.jsonl")]
    public void RunAsync_CompletedHistoryOfAnEarlierVersion_ReplaysToTheSameOutcome(string file)
    {
        var history = ReplayScripts.History(file);

        var turn = Driver.Run(history, []);

        Assert.Equal(P.OrchestrationStatus.Completed, turn.Completion!.OrchestrationStatus);
        Assert.Contains("\"Approved\"", turn.Completion.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void RunAsync_V1HistoryForcedOntoVersion2_IsCaughtAsNonDeterministic()
    {
        var history = ReplayScripts.History("v1-awaiting-review.jsonl");
        var started = history.First(e => e.ExecutionStarted is not null).ExecutionStarted;
        started.Input = started.Input.Replace("}}", "},\"WorkflowVersion\":2}", StringComparison.Ordinal);

        AssertApprovalFailsAsNonDeterministic(history);
    }

    [Fact]
    public void RunAsync_V2InstanceAwaitingReviewIsApproved_FinishesOnTheV2Path()
    {
        var history = ReplayScripts.History("v2-awaiting-review.jsonl");

        var (after, last) = ResumeWithApproval(history);

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Contains("\"Approved\"", last.Completion.Result, StringComparison.Ordinal);
        // Version 2 sends each revocation link from a step of its own and waits for the relay; version 3 queues them.
        Assert.Equal([ActivityNames.IssueCertificate, ActivityNames.SendRevocationLink, ActivityNames.NotifyCitizen], ReplayScripts.Scheduled(after.Skip(history.Count)));
        Assert.DoesNotContain(after, e => e.TaskScheduled is { Name: ActivityNames.NotifyCitizen } notify && notify.Input.Contains("\"Queued\":true", StringComparison.Ordinal));
    }

    [Fact]
    public void RunAsync_V2HistoryForcedOntoVersion3_IsCaughtAsNonDeterministic()
    {
        var history = ReplayScripts.History("v2-awaiting-review.jsonl");
        var started = history.First(e => e.ExecutionStarted is not null).ExecutionStarted;
        Assert.Contains("\"WorkflowVersion\":2", started.Input, StringComparison.Ordinal);
        started.Input = started.Input.Replace("\"WorkflowVersion\":2", "\"WorkflowVersion\":3", StringComparison.Ordinal);

        AssertApprovalFailsAsNonDeterministic(history);
    }

    [Fact]
    public void RunAsync_V4InstanceIsApproved_RunsFourActivitiesAndQueuesItsEmails()
    {
        var input = ReplayScripts.V1Input with { WorkflowVersion = 4, Retry = WorkflowRetry.Default };

        var (history, last) = Driver.Record(input, ReplayScripts.StartedAt, ReplayScripts.Result, new([(WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))]));

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Equal([ActivityNames.AdmitApplication, ActivityNames.OpenReviewRound, ActivityNames.IssueCertificate, ActivityNames.NotifyCitizen], ReplayScripts.Scheduled(history));
        var open = ReplayScripts.Argument(history.Single(e => e.TaskScheduled is { Name: ActivityNames.OpenReviewRound }).TaskScheduled.Input);
        Assert.True(open.GetProperty("QueueReviewerEmails").GetBoolean());
        var notify = ReplayScripts.Argument(history.Single(e => e.TaskScheduled is { Name: ActivityNames.NotifyCitizen }).TaskScheduled.Input);
        Assert.True(notify.GetProperty("Queued").GetBoolean());
        Assert.Equal(ReplayScripts.Reviewers, [.. notify.GetProperty("RevocationRecipients").EnumerateArray().Select(reviewer => reviewer.GetString()!)]);
    }
}
