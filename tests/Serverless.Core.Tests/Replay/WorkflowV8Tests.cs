using System.Text.Json;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Payments;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Core.Tests.Replay;

/// <summary>
/// Version 8: version 7's path with the wait for the procedure's price (before review or before the certificate),
/// driven through the worker's own replay engine. A free procedure runs version 7's activities only; a paid one asks
/// for the payment, sleeps until a hint or the deadline, reads the result back, and goes on, abandons, or opens an
/// incident when PayFiP cannot say. The history recorded at its introduction (v8-awaiting-payment.jsonl) must keep
/// replaying, and version 7's still replays on version 7.
/// </summary>
public sealed class WorkflowV8Tests
{
    private static readonly OrchestrationDriver Driver = new(ApplicationWorkflow.RunAsync);
    private static readonly DateTime DueAt = ReplayScripts.StartedAt.AddDays(15);

    private static ApplicationWorkflowInput Input(PaymentMoment? payment) =>
        ReplayScripts.V1Input with { WorkflowVersion = 8, Retry = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)), Timing = ReplayScripts.Timing, ReceivedAt = ReplayScripts.StartedAt, Payment = payment };

    private static (string Name, object Payload) Notified => (WorkflowNames.PaymentEvent, new PaymentNotifiedEvent("op-1", Started: false));

    private static (string Name, object Payload) Approve => (WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1));

    /// <summary>The payment's activities answer as scripted; the others as <see cref="ReplayScripts.Result"/>.</summary>
    private static Func<string, string, string?> Payment(params PaymentCheckResult[] looks)
    {
        var next = new Queue<PaymentCheckResult>(looks);
        return (name, input) => name switch
        {
            ActivityNames.RequestPayment => JsonSerializer.Serialize(new PaymentDueNotice(5500, new DateTimeOffset(DueAt))),
            ActivityNames.SettlePayment => JsonSerializer.Serialize(next.Count > 1 ? next.Dequeue() : next.Peek()),
            _ => ReplayScripts.Result(name, input),
        };
    }

    [Fact]
    public void CurrentVersion_IsVersion8()
    {
        Assert.Equal(ApplicationWorkflowV8.Version, WorkflowNames.CurrentVersion);
    }

    [Fact]
    public void RunAsync_V8FreeProcedure_RunsVersion7sActivitiesOnly()
    {
        var (history, _) = Driver.Record(Input(payment: null), ReplayScripts.StartedAt, ReplayScripts.Result, new([Approve]));

        Assert.Equal([ActivityNames.AdmitAndOpenReview, ActivityNames.ApproveApplication], ReplayScripts.Scheduled(history));
    }

    [Fact]
    public void RunAsync_V8PaidBeforeReview_AdmitsAloneAsksPaymentThenOpensReviewOnceSettled()
    {
        var (history, last) = Driver.Record(Input(PaymentMoment.BeforeReview), ReplayScripts.StartedAt, Payment(new PaymentCheckResult("op-1", 0)), new([Notified, Approve]));

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        var scheduled = ReplayScripts.Scheduled(history);
        Assert.Equal([ActivityNames.AdmitApplication, ActivityNames.RequestPayment, ActivityNames.SettlePayment], scheduled.Take(3));
        Assert.Contains(ActivityNames.OpenReviewRound, scheduled);
        Assert.Equal(ActivityNames.ApproveApplication, scheduled[^1]);
        Assert.DoesNotContain(ActivityNames.AdmitAndOpenReview, scheduled);
    }

    [Fact]
    public void RunAsync_V8NeverPaid_AtTheDeadlineLooksOnceMoreThenAbandons()
    {
        var (history, last) = Driver.Record(Input(PaymentMoment.BeforeReview), ReplayScripts.StartedAt, Payment(new PaymentCheckResult(null, 0)), new());

        Assert.Contains("Abandoned", last.Completion!.Result, StringComparison.Ordinal);
        Assert.Equal([ActivityNames.AdmitApplication, ActivityNames.RequestPayment, ActivityNames.SettlePayment, ActivityNames.AbandonUnpaid], ReplayScripts.Scheduled(history));
        var look = ReplayScripts.Argument(history.Single(e => e.TaskScheduled is { Name: ActivityNames.SettlePayment }).TaskScheduled.Input);
        Assert.True(look.GetProperty("AtDeadline").GetBoolean());
        // One wait until the deadline (the SDK cuts a timer longer than three days into three-day pieces).
        Assert.Equal(DueAt, history.Last(e => e.TimerFired is not null).TimerFired.FireAt.ToDateTime());
        Assert.Equal(1, ReplayScripts.Scheduled(history).Count(name => name == ActivityNames.SettlePayment));
    }

    [Fact]
    public void RunAsync_V8ResultUnknownAtTheDeadline_OpensAnIncidentAndGoesOnWhenPayFipSaysPaid()
    {
        var (history, last) = Driver.Record(Input(PaymentMoment.BeforeReview), ReplayScripts.StartedAt, Payment(new PaymentCheckResult(null, 1), new PaymentCheckResult("op-1", 0)), new([Approve]));

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        var scheduled = ReplayScripts.Scheduled(history);
        Assert.DoesNotContain(ActivityNames.AbandonUnpaid, scheduled);
        var incident = scheduled.IndexOf(ActivityNames.OpenIncident);
        Assert.True(incident > scheduled.IndexOf(ActivityNames.SettlePayment), string.Join(", ", scheduled));
        Assert.True(scheduled.IndexOf(ActivityNames.CloseIncident) > scheduled.LastIndexOf(ActivityNames.SettlePayment) - 1, string.Join(", ", scheduled));
        Assert.Equal(ActivityNames.ApproveApplication, scheduled[^1]);
    }

    [Fact]
    public void RunAsync_V8StartedHint_LooksSoonAfterInsteadOfAtTheDeadline()
    {
        var started = (WorkflowNames.PaymentEvent, (object)new PaymentNotifiedEvent("op-1", Started: true));
        var (history, _) = Driver.Record(Input(PaymentMoment.BeforeReview), ReplayScripts.StartedAt, Payment(new PaymentCheckResult("op-1", 0)), new([started, Approve]));

        var look = history.First(e => e.TimerFired is not null).TimerFired.FireAt.ToDateTime();
        Assert.True(look < ReplayScripts.StartedAt.AddHours(1), $"first look at {look:O}");
        Assert.Contains(ActivityNames.OpenReviewRound, ReplayScripts.Scheduled(history));
    }

    [Fact]
    public void RunAsync_V8PaidAfterApproval_CertificateOnlyOnceSettled()
    {
        var (history, last) = Driver.Record(Input(PaymentMoment.AfterApproval), ReplayScripts.StartedAt, Payment(new PaymentCheckResult("op-1", 0)), new([Approve, Notified]));

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Equal([ActivityNames.AdmitAndOpenReview, ActivityNames.RequestPayment, ActivityNames.SettlePayment, ActivityNames.ApproveApplication], ReplayScripts.Scheduled(history));
    }

    [Fact]
    public void RunAsync_V8WithdrawnWhileAwaitingPayment_EndsWithdrawnWithoutReview()
    {
        var (history, last) = Driver.Record(Input(PaymentMoment.BeforeReview), ReplayScripts.StartedAt, Payment(new PaymentCheckResult(null, 0)), new([(WorkflowNames.WithdrawalEvent, new WithdrawalEvent(ReplayScripts.StartedAt.AddHours(1)))]));

        Assert.Contains("Withdrawn", last.Completion!.Result, StringComparison.Ordinal);
        Assert.DoesNotContain(ActivityNames.OpenReviewRound, ReplayScripts.Scheduled(history));
        Assert.DoesNotContain(ActivityNames.SettlePayment, ReplayScripts.Scheduled(history));
    }

    [Fact]
    public void RunAsync_V8HistoryAwaitingPaymentIsNotified_SettlesThenOpensReview()
    {
        var history = ReplayScripts.History("v8-awaiting-payment.jsonl");
        var at = history.Max(e => e.Timestamp.ToDateTime()).AddMinutes(1);

        var (after, last) = Driver.Resume(history, [OrchestrationDriver.Started(at), OrchestrationDriver.Raised(at, WorkflowNames.PaymentEvent, new PaymentNotifiedEvent("op-1", Started: false))], at, Payment(new PaymentCheckResult("op-1", 0)), new([Approve]));

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Equal(ActivityNames.SettlePayment, ReplayScripts.Scheduled(after.Skip(history.Count))[0]);
        Assert.Contains(ActivityNames.OpenReviewRound, ReplayScripts.Scheduled(after.Skip(history.Count)));
    }

    /// <summary>Writes the in-flight history this version is introduced with (run once by hand, with RECORD_V8_HISTORY set).</summary>
    [Fact]
    public void Record_V8AwaitingPayment_WaitsAfterAskingForThePayment()
    {
        var (history, _) = Driver.Record(Input(PaymentMoment.BeforeReview), ReplayScripts.StartedAt, Payment(new PaymentCheckResult(null, 0)), new(), turn => ReplayScripts.Waiting(turn, WorkflowNames.AwaitingPayment));
        var saved = OrchestrationDriver.Save(history);
        if (Environment.GetEnvironmentVariable("RECORD_V8_HISTORY") is { Length: > 0 } folder)
        {
            File.WriteAllText(Path.Combine(folder, "v8-awaiting-payment.jsonl"), saved);
        }

        Assert.Equal([ActivityNames.AdmitApplication, ActivityNames.RequestPayment], ReplayScripts.Scheduled(history));
    }
}
