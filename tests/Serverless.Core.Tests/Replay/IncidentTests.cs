using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Workflow;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Core.Tests.Replay;

/// <summary>
/// Versions 2 and 3 never die silently: a step that keeps failing becomes an incident (status, administrator told), is
/// retried on durable timers until it succeeds, and the legal deadline still decides when it passes meanwhile.
/// Driven through the worker's own replay engine, with scripted activity failures.
/// </summary>
public sealed class IncidentTests
{
    private static readonly WorkflowRetry Retry = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));

    private static readonly OrchestrationDriver Driver = new(ApplicationWorkflow.RunAsync);

    private static ApplicationWorkflowInput Input(WorkflowTiming timing, int version = 2) => new("ECO-2026-NCDNT2", "school-enrolment", timing, version, Retry);

    /// <summary>Fails the named activity <paramref name="failures"/> times (with <paramref name="error"/>), then runs the ordinary script.</summary>
    private static Func<string, string, string?> Failing(string activity, int failures, System.Type? error = null)
    {
        var left = failures;
        return (name, input) => name == activity && left-- > 0 ? OrchestrationDriver.Fail(error ?? typeof(IOException)) : ReplayScripts.Result(name, input);
    }

    [Fact]
    public void RunAsync_V2StepFailsPastItsQuickRetries_OpensAnIncidentTellsTheAdministratorAndResumes()
    {
        var (history, last) = Driver.Record(
            Input(ReplayScripts.Timing),
            ReplayScripts.StartedAt,
            Failing(ActivityNames.AcknowledgeReceipt, failures: 4),
            new([(WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))]));

        var scheduled = ReplayScripts.Scheduled(history);
        Assert.True(P.OrchestrationStatus.Completed == last.Completion!.OrchestrationStatus, last.Completion.FailureDetails?.ToString());
        Assert.Contains("\"Approved\"", last.Completion.Result, StringComparison.Ordinal);
        Assert.Equal(5, scheduled.Count(name => name == ActivityNames.AcknowledgeReceipt));
        Assert.Equal(1, scheduled.Count(name => name == ActivityNames.OpenIncident));
        Assert.Equal(1, scheduled.Count(name => name == ActivityNames.NotifyAdministrator));
        Assert.Equal(1, scheduled.Count(name => name == ActivityNames.CloseIncident));
        Assert.True(scheduled.IndexOf(ActivityNames.CloseIncident) < scheduled.IndexOf(ActivityNames.ValidateApplication));
    }

    [Fact]
    public void RunAsync_V2IncidentOutlastsTheLegalDeadline_SilenceStillMeansAcceptance()
    {
        var timing = ReplayScripts.Timing with { DecisionDeadlineDays = 2, MaxReminders = 0, SilenceMeans = SilenceMeans.Acceptance };

        var (history, last) = Driver.Record(
            Input(timing),
            ReplayScripts.StartedAt,
            Failing(ActivityNames.SendReviewerEmail, failures: int.MaxValue),
            new());

        var scheduled = ReplayScripts.Scheduled(history);
        Assert.True(P.OrchestrationStatus.Completed == last.Completion!.OrchestrationStatus, last.Completion.FailureDetails?.ToString());
        Assert.Contains("\"Approved\"", last.Completion.Result, StringComparison.Ordinal);
        Assert.Contains(history, e => e.TaskScheduled is { Name: ActivityNames.CloseApplication } closing && closing.Input.Contains("\"Reason\":0", StringComparison.Ordinal));
        Assert.Contains(history, e => e.TaskScheduled is { Name: ActivityNames.IssueCertificate } issue && issue.Input.Contains("\"Implicit\":true", StringComparison.Ordinal));
        var lastTimer = history.Where(e => e.TimerCreated is not null).Max(e => e.TimerCreated.FireAt.ToDateTime());
        Assert.Equal(ReplayScripts.StartedAt.AddDays(2), lastTimer);
    }

    [Fact]
    public void RunAsync_V2FailureRetryingCannotCure_OpensTheIncidentWithoutQuickRetries()
    {
        var (history, _) = Driver.Record(
            Input(ReplayScripts.Timing),
            ReplayScripts.StartedAt,
            Failing(ActivityNames.OpenReviewRound, failures: 1, typeof(NonRetryableException)),
            new([(WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))]));

        var firstRound = history.FindIndex(e => e.TaskScheduled is { Name: ActivityNames.OpenReviewRound });
        var incident = history.FindIndex(e => e.TaskScheduled is { Name: ActivityNames.OpenIncident });
        Assert.True(incident > firstRound);
        Assert.DoesNotContain(history.Skip(firstRound).Take(incident - firstRound), e => e.TimerCreated is not null);
    }

    [Fact]
    public void RunAsync_V3AdmissionFailsPastItsQuickRetries_OpensAnIncidentTellsTheAdministratorAndResumes()
    {
        var (history, last) = Driver.Record(
            Input(ReplayScripts.Timing, version: 3),
            ReplayScripts.StartedAt,
            Failing(ActivityNames.AdmitApplication, failures: 4),
            new([(WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))]));

        var scheduled = ReplayScripts.Scheduled(history);
        Assert.True(P.OrchestrationStatus.Completed == last.Completion!.OrchestrationStatus, last.Completion.FailureDetails?.ToString());
        Assert.Contains("\"Approved\"", last.Completion.Result, StringComparison.Ordinal);
        Assert.Equal(5, scheduled.Count(name => name == ActivityNames.AdmitApplication));
        Assert.Equal(1, scheduled.Count(name => name == ActivityNames.OpenIncident));
        Assert.Equal(1, scheduled.Count(name => name == ActivityNames.NotifyAdministrator));
        Assert.True(scheduled.IndexOf(ActivityNames.CloseIncident) < scheduled.IndexOf(ActivityNames.OpenReviewRound));
    }

    [Fact]
    public void RunAsync_V3RoundCannotOpenUntilTheLegalDeadline_SilenceStillMeansAcceptance()
    {
        var timing = ReplayScripts.Timing with { DecisionDeadlineDays = 2, MaxReminders = 0, SilenceMeans = SilenceMeans.Acceptance };

        var (history, last) = Driver.Record(
            Input(timing, version: 3),
            ReplayScripts.StartedAt,
            Failing(ActivityNames.OpenReviewRound, failures: int.MaxValue),
            new());

        Assert.True(P.OrchestrationStatus.Completed == last.Completion!.OrchestrationStatus, last.Completion.FailureDetails?.ToString());
        Assert.Contains("\"Approved\"", last.Completion.Result, StringComparison.Ordinal);
        Assert.Contains(history, e => e.TaskScheduled is { Name: ActivityNames.IssueCertificate } issue && issue.Input.Contains("\"Implicit\":true", StringComparison.Ordinal));
        Assert.Equal(ReplayScripts.StartedAt.AddDays(2), history.Where(e => e.TimerCreated is not null).Max(e => e.TimerCreated.FireAt.ToDateTime()));
    }
}
