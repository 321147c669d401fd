using System.Text.Json;
using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Orchestration;
using Serverless.Core.Review;
using Serverless.Core.Workflow;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Core.Tests.Replay;

/// <summary>
/// Version 5: version 4 restarted from an application's recorded state after its instance was lost. It opens an
/// incident (the administrator told), goes straight to the recorded stage and round with the deadline the lost
/// instance had, and closes the incident once back there. Version-4 histories recorded before version 5 existed
/// (commit cf9e8ad) replay unchanged on today's code.
/// </summary>
public sealed class WorkflowResumeTests
{
    private static readonly OrchestrationDriver Driver = new(ApplicationWorkflow.RunAsync);

    /// <summary>Saturday 28 November 2026, 23:30 in Paris, as in <see cref="WorkflowV4Tests"/>.</summary>
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 28, 22, 30, 0, TimeSpan.Zero);

    /// <summary>Changes asked on Monday 30 November (12:00 Paris), corrected on Thursday 10 December (11:00 Paris).</summary>
    private static readonly CorrectionSpan FirstCorrection = new(new(2026, 11, 30, 11, 0, 0, TimeSpan.Zero), new(2026, 12, 10, 10, 0, 0, TimeSpan.Zero));

    /// <summary>What version 4 computed for that correction (suspends): Sunday 7 February 2027, so Monday 8, 24:00 Paris.</summary>
    private static readonly DateTimeOffset DueAfterCorrection = new(2027, 2, 8, 23, 0, 0, TimeSpan.Zero);

    private static readonly DateTime RestartedAt = new(2026, 12, 14, 9, 0, 0, DateTimeKind.Utc);

    private static ApplicationWorkflowInput Resumed(WorkflowResume resume) =>
        ReplayScripts.V1Input with
        {
            Reference = "ECO-2026-RSUME5",
            WorkflowVersion = WorkflowNames.ResumedVersion,
            Retry = WorkflowRetry.Default,
            Timing = ReplayScripts.Timing with { DecisionPeriod = LegalPeriod.OfMonths(2), CorrectionEffect = CorrectionEffect.Suspends },
            ReceivedAt = ReceivedAt,
            Resume = resume,
        };

    private static JsonElement Input(IEnumerable<P.HistoryEvent> history, string activity) =>
        ReplayScripts.Argument(history.Single(e => e.TaskScheduled?.Name == activity).TaskScheduled.Input);

    [Fact]
    public void RunAsync_ResumedUnderReviewInRound2_OpensTheIncidentThenRound2WithTheLostInstancesDeadline()
    {
        var resume = new WorkflowResume(1, "Instance du traitement introuvable", ResumeStage.Review, 2, [FirstCorrection]);

        var (history, _) = Driver.Record(Resumed(resume), RestartedAt, ReplayScripts.Result, new(), step => ReplayScripts.Waiting(step, WorkflowNames.AwaitingReview));

        Assert.Equal([ActivityNames.OpenIncident, ActivityNames.NotifyAdministrator, ActivityNames.OpenReviewRound, ActivityNames.CloseIncident], ReplayScripts.Scheduled(history));
        var incident = Input(history, ActivityNames.OpenIncident);
        Assert.Equal(100, incident.GetProperty("Number").GetInt32());
        Assert.Equal(ApplicationWorkflowV4.LostWorkflowStep, incident.GetProperty("Step").GetString());
        var round = Input(history, ActivityNames.OpenReviewRound);
        Assert.Equal(2, round.GetProperty("Round").GetInt32());
        Assert.Equal(DueAfterCorrection, round.GetProperty("DecisionDueAt").GetDateTimeOffset());
    }

    [Fact]
    public void RunAsync_ResumedAwaitingCorrectionThenCorrected_AsksNothingAgainAndOpensRound2WithTheLegalDeadline()
    {
        var resume = new WorkflowResume(2, "Instance du traitement arrêtée", ResumeStage.Correction, 1, [], FirstCorrection.SuspendedAt, new DateTimeOffset(2026, 12, 15, 23, 0, 0, TimeSpan.Zero));
        var events = new Queue<(string, object)>([(WorkflowNames.CorrectionEvent, new CorrectionEvent(1, FirstCorrection.CorrectedAt))]);

        var (history, _) = Driver.Record(Resumed(resume), RestartedAt, ReplayScripts.Result, events, step => ReplayScripts.Waiting(step, WorkflowNames.AwaitingReview));

        // No admission, no second request for changes: the incident, its end, then round 2 once the citizen answered.
        Assert.Equal([ActivityNames.OpenIncident, ActivityNames.NotifyAdministrator, ActivityNames.CloseIncident, ActivityNames.OpenReviewRound], ReplayScripts.Scheduled(history));
        Assert.Equal(200, Input(history, ActivityNames.OpenIncident).GetProperty("Number").GetInt32());
        var round = Input(history, ActivityNames.OpenReviewRound);
        Assert.Equal(2, round.GetProperty("Round").GetInt32());
        Assert.Equal(DueAfterCorrection, round.GetProperty("DecisionDueAt").GetDateTimeOffset());
    }

    [Fact]
    public void RunAsync_ResumedAwaitingCorrectionPastItsAnswerDate_ClosesAsAbandoned()
    {
        var resume = new WorkflowResume(1, "Instance du traitement introuvable", ResumeStage.Correction, 1, [], FirstCorrection.SuspendedAt, new DateTimeOffset(2026, 12, 15, 23, 0, 0, TimeSpan.Zero));

        var (history, last) = Driver.Record(Resumed(resume), RestartedAt, ReplayScripts.Result, new());

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Contains("\"Abandoned\"", last.Completion.Result, StringComparison.Ordinal);
        Assert.DoesNotContain(ActivityNames.RequestChanges, ReplayScripts.Scheduled(history));
    }

    [Fact]
    public void RunAsync_ResumedBeforeAdmission_AdmitsThenClosesTheIncidentAndOpensRound1()
    {
        var resume = new WorkflowResume(1, "Instance du traitement introuvable", ResumeStage.Admission, 1, []);

        var (history, _) = Driver.Record(Resumed(resume), RestartedAt, ReplayScripts.Result, new(), step => ReplayScripts.Waiting(step, WorkflowNames.AwaitingReview));

        Assert.Equal([ActivityNames.OpenIncident, ActivityNames.NotifyAdministrator, ActivityNames.AdmitApplication, ActivityNames.CloseIncident, ActivityNames.OpenReviewRound], ReplayScripts.Scheduled(history));
        // Counted from the recorded receipt, not from the restart: 28 January 2027, 24:00 Paris.
        Assert.Equal(new DateTimeOffset(2027, 1, 28, 23, 0, 0, TimeSpan.Zero), Input(history, ActivityNames.OpenReviewRound).GetProperty("DecisionDueAt").GetDateTimeOffset());
    }

    [Fact]
    public void RunAsync_Version5WithoutItsResume_FailsInsteadOfStartingOver()
    {
        var input = Resumed(new WorkflowResume(1, "x", ResumeStage.Review, 1, [])) with { Resume = null };

        var (_, last) = Driver.Record(input, RestartedAt, ReplayScripts.Result, new());

        Assert.Equal(P.OrchestrationStatus.Failed, last.Completion!.OrchestrationStatus);
    }

    [Fact]
    public void RunAsync_V4InstanceAwaitingReviewRecordedBeforeVersion5IsApproved_FinishesOnTheV4Path()
    {
        var history = ReplayScripts.History("v4-awaiting-review.jsonl");
        var at = history.Max(e => e.Timestamp.ToDateTime()).AddMinutes(1);

        var (after, last) = Driver.Resume(history, [OrchestrationDriver.Started(at), OrchestrationDriver.Raised(at, WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))], at, ReplayScripts.Result, new());

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Equal([ActivityNames.IssueCertificate, ActivityNames.NotifyCitizen], ReplayScripts.Scheduled(after.Skip(history.Count)));
    }

    [Fact]
    public void RunAsync_V4InstanceAwaitingCorrectionRecordedBeforeVersion5IsCorrected_OpensRound2WithTheSuspendedDeadline()
    {
        var history = ReplayScripts.History("v4-awaiting-correction.jsonl");
        var at = history.Max(e => e.Timestamp.ToDateTime()).AddMinutes(1);

        var turn = Driver.Run(history, [OrchestrationDriver.Started(at), OrchestrationDriver.Raised(at, WorkflowNames.CorrectionEvent, new CorrectionEvent(1, new DateTimeOffset(at)))]);

        Assert.Null(turn.Completion);
        var open = turn.Actions.Single(action => action.ScheduleTask is { Name: ActivityNames.OpenReviewRound }).ScheduleTask;
        Assert.Equal(2, ReplayScripts.Argument(open.Input).GetProperty("Round").GetInt32());
    }
}
