using System.Text.Json;
using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Orchestration;
using Serverless.Core.Review;
using Serverless.Core.Workflow;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Core.Tests.Replay;

/// <summary>
/// Version 4 counts the decision deadline as the law does, from the recorded receipt; version-3 instances recorded
/// before it keep their N × 24 h arithmetic.
/// </summary>
public sealed class WorkflowV4Tests
{
    private static readonly OrchestrationDriver Driver = new(ApplicationWorkflow.RunAsync);

    /// <summary>Saturday 28 November 2026, 23:30 in Paris: received the evening before a weekend; the workflow starts on Monday.</summary>
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 28, 22, 30, 0, TimeSpan.Zero);

    private static ApplicationWorkflowInput Input(CorrectionEffect effect = CorrectionEffect.Suspends) =>
        ReplayScripts.V1Input with
        {
            Reference = "ECO-2026-RPLAY4",
            WorkflowVersion = 4,
            Retry = WorkflowRetry.Default,
            Timing = ReplayScripts.Timing with { DecisionPeriod = LegalPeriod.OfMonths(2), CorrectionEffect = effect },
            ReceivedAt = ReceivedAt,
        };

    private static List<JsonElement> Inputs(IEnumerable<P.HistoryEvent> history, string activity) =>
        [.. history.Where(e => e.TaskScheduled?.Name == activity).Select(e => ReplayScripts.Argument(e.TaskScheduled.Input))];

    private static DateTimeOffset Due(JsonElement input) => input.GetProperty("DecisionDueAt").GetDateTimeOffset();

    [Fact]
    public void RunAsync_V4InstanceStartedLate_CountsTwoCalendarMonthsFromTheParisDayOfReceipt()
    {
        var (history, _) = Driver.Record(Input(), ReplayScripts.StartedAt, ReplayScripts.Result, new(), step => ReplayScripts.Waiting(step, WorkflowNames.AwaitingReview));

        // 28 November (Paris) + 2 months = Thursday 28 January 2027, to 24:00 Paris (23:00 UTC); not 60 × 24 h from Monday's start.
        var expected = new DateTimeOffset(2027, 1, 28, 23, 0, 0, TimeSpan.Zero);
        Assert.Equal(expected, Due(Inputs(history, ActivityNames.AdmitApplication).Single()));
        Assert.Equal(expected, Due(Inputs(history, ActivityNames.OpenReviewRound).Single()));
        Assert.NotEqual(new DateTimeOffset(ReplayScripts.StartedAt).AddDays(60), expected);
    }

    [Fact]
    public void RunAsync_V4SilenceUntilTheDeadline_ClosesAsImplicitlyAcceptedAtTheEndOfTheLastDay()
    {
        var (history, last) = Driver.Record(Input(), ReplayScripts.StartedAt, ReplayScripts.Result, new());

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        var closing = history.FindIndex(e => e.TaskScheduled?.Name == ActivityNames.CloseApplication);
        Assert.True(closing > 0);
        Assert.Contains("\"Reason\":0", history[closing].TaskScheduled.Input, StringComparison.Ordinal);
        Assert.True(history[closing].Timestamp.ToDateTime() >= new DateTime(2027, 1, 28, 23, 0, 0, DateTimeKind.Utc), "closed before 24:00 Paris of the last day");
    }

    [Theory]
    [InlineData(CorrectionEffect.Suspends, 2027, 2, 8)]
    [InlineData(CorrectionEffect.Restarts, 2027, 2, 10)]
    public void RunAsync_V4CorrectionReceived_SuspendsOrRestartsTheDeadlineAsTheProcedureSays(CorrectionEffect effect, int year, int month, int day)
    {
        // Requested on Monday 30 November (12:00 Paris), corrected on Thursday 10 December (11:00 Paris). Suspends: the 59
        // days left after 30 November run again after 10 December, to Sunday 7 February, so Monday 8. Restarts (L. 114-5):
        // two months from 10 December, Wednesday 10 February.
        var correctedAt = new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.Zero);
        var events = new Queue<(string, object)>([
            (WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.RequestChanges, 1)),
            (WorkflowNames.CorrectionEvent, new CorrectionEvent(1, correctedAt)),
        ]);

        var waits = 0;

        // Stops when round 2 waits for the agent.
        var (history, _) = Driver.Record(Input(effect), ReplayScripts.StartedAt, ReplayScripts.Result, events, step => ReplayScripts.Waiting(step, WorkflowNames.AwaitingReview) && ++waits == 2);
        var rounds = Inputs(history, ActivityNames.OpenReviewRound);

        Assert.True(rounds.Count >= 2, $"{rounds.Count} rounds");
        Assert.Equal(new DateTimeOffset(year, month, day, 23, 0, 0, TimeSpan.Zero), Due(rounds[1]));
        var answer = Inputs(history, ActivityNames.RequestChanges).Single().GetProperty("AnswerDueAt").GetDateTimeOffset();
        // 15 days to answer from Monday 30 November: Tuesday 15 December, to 24:00 Paris.
        Assert.Equal(new DateTimeOffset(2026, 12, 15, 23, 0, 0, TimeSpan.Zero), answer);
    }

    [Fact]
    public void RunAsync_V3InstanceAwaitingCorrectionIsCorrected_KeepsTheVersion3Arithmetic()
    {
        var history = OrchestrationDriver.Load(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Replay", "histories", "v3-awaiting-correction.jsonl")));
        var firstDue = Due(Inputs(history, ActivityNames.OpenReviewRound).Single());
        var requestedAt = history.Where(e => e.TaskScheduled?.Name == ActivityNames.RequestChanges).Select(e => e.Timestamp.ToDateTime()).Single();
        var at = history.Max(e => e.Timestamp.ToDateTime()).AddDays(3);

        var turn = Driver.Run(history, [OrchestrationDriver.Started(at), OrchestrationDriver.Raised(at, WorkflowNames.CorrectionEvent, new CorrectionEvent(1, new DateTimeOffset(at)))]);

        Assert.Null(turn.Completion);
        var open = turn.Actions.Single(action => action.ScheduleTask is { Name: ActivityNames.OpenReviewRound }).ScheduleTask;
        // Version 3: what was left (N × 24 h from the start, minus the time before the request) resumes from the correction.
        var remaining = firstDue - new DateTimeOffset(requestedAt);
        Assert.Equal(new DateTimeOffset(at) + remaining, Due(ReplayScripts.Argument(open.Input)));
    }

    [Fact]
    public void RunAsync_V3InstanceAwaitingReviewIsApproved_FinishesOnTheV3Path()
    {
        var history = OrchestrationDriver.Load(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Replay", "histories", "v3-awaiting-review.jsonl")));
        Assert.Equal(new DateTimeOffset(ReplayScripts.StartedAt).AddDays(60), Due(Inputs(history, ActivityNames.AdmitApplication).Single()));
        var at = history.Max(e => e.Timestamp.ToDateTime()).AddMinutes(1);

        var (after, last) = Driver.Resume(history, [OrchestrationDriver.Started(at), OrchestrationDriver.Raised(at, WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))], at, ReplayScripts.Result, new());

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Equal([ActivityNames.IssueCertificate, ActivityNames.NotifyCitizen], after.Skip(history.Count).Where(e => e.TaskScheduled is not null).Select(e => e.TaskScheduled.Name));
    }
}
