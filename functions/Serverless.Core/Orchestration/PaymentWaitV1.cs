using Microsoft.DurableTask;
using Serverless.Core.Payments;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Version 1 of the wait for a procedure's price (issue 28), run inside version 8 before review or before the
/// certificate. The debt is recorded and the citizen asked (<see cref="WorkflowActivities.RequestPayment"/>; nothing
/// to pay: straight on). Then the workflow sleeps until the deadline, woken by hints only: an attempt started (it
/// looks a little later, when the citizen is likely done, then again with back-off while PayFiP has no result) or
/// PayFiP's notification (it looks at once). Looking is <see cref="WorkflowActivities.SettlePayment"/>, which reads
/// every open attempt back from PayFiP, so a lost notification costs a delay, never the payment. At the deadline a
/// last look: paid goes on; PayFiP answered for every attempt and none paid: abandoned, the citizen told; PayFiP could
/// not answer for one: an incident (a person sees it) and the looks go on until it answers. A withdrawal ends the wait.
/// Deterministic: timers, events and activities only.
/// </summary>
internal static class PaymentWaitV1
{
    /// <summary>After the deadline, the looks while PayFiP cannot answer; past them the instance fails, visibly in incident.</summary>
    public const int MaxLooksAfterDeadline = 100;

    public static async Task<PaymentWaitOutcome> RunAsync(TaskOrchestrationContext context, WorkflowSteps steps, string reference, PaymentMoment moment, TimeSpan dayLength, Task<WithdrawalEvent> withdrawal)
    {
        var due = await steps.CallAsync(WorkflowActivities.RequestPayment, new PaymentDemand(reference, moment, dayLength));
        if (due is null)
        {
            return PaymentWaitOutcome.Paid;
        }

        var notified = context.WaitForExternalEvent<PaymentNotifiedEvent>(WorkflowNames.PaymentEvent);
        context.SetCustomStatus(WorkflowNames.AwaitingPayment);
        try
        {
            return await WaitAsync(context, steps, reference, due, dayLength, withdrawal, notified);
        }
        finally
        {
            context.SetCustomStatus(null);
        }
    }

    private static async Task<PaymentWaitOutcome> WaitAsync(TaskOrchestrationContext context, WorkflowSteps steps, string reference, PaymentDueNotice due, TimeSpan dayLength, Task<WithdrawalEvent> withdrawal, Task<PaymentNotifiedEvent> notified)
    {
        // PayFiP's idOp serves 15 minutes: a first look 20 minutes after an attempt starts, then three times further apart.
        var firstLook = dayLength * (20.0 / 1440);
        var longestGap = dayLength / 4;
        var deadline = due.DueAt.UtcDateTime;
        DateTime? nextLook = null;
        var gap = firstLook;
        IncidentNotice? incident = null;
        for (var looksAfterDeadline = 0; looksAfterDeadline <= MaxLooksAfterDeadline;)
        {
            var now = context.CurrentUtcDateTime;
            var wake = now >= deadline ? now + gap : nextLook is { } look && look < deadline ? look : deadline;
            using var cancel = new CancellationTokenSource();
            var timer = context.CreateTimer(wake, cancel.Token);
            var first = await Task.WhenAny(timer, notified, withdrawal);
            // Cancel synchronously: CancelAsync would resume the orchestrator off its scheduler and stall it.
            if (first == withdrawal)
            {
                cancel.Cancel();
                return PaymentWaitOutcome.Withdrawn;
            }

            if (first == notified)
            {
                cancel.Cancel();
                var hint = await notified;
                notified = context.WaitForExternalEvent<PaymentNotifiedEvent>(WorkflowNames.PaymentEvent);
                if (hint.Started)
                {
                    nextLook = context.CurrentUtcDateTime + firstLook;
                    gap = firstLook;
                    continue;
                }
            }

            var atDeadline = context.CurrentUtcDateTime >= deadline;
            var check = await steps.CallAsync(WorkflowActivities.SettlePayment, new PaymentCheck(reference, atDeadline));
            if (check.Paid)
            {
                await CloseAsync(steps, incident);
                return PaymentWaitOutcome.Paid;
            }

            (nextLook, gap) = check.Unknown > 0 ? (context.CurrentUtcDateTime + gap, Min(gap * 3, longestGap)) : ((DateTime?)null, firstLook);
            if (!atDeadline)
            {
                continue;
            }

            if (check.Unknown == 0)
            {
                await steps.CallAsync(WorkflowActivities.AbandonUnpaid, reference);
                await CloseAsync(steps, incident);
                return PaymentWaitOutcome.Abandoned;
            }

            if (incident is null)
            {
                incident = steps.NextIncident(ActivityNames.SettlePayment, $"PayFiP n'a pas donné le résultat de {check.Unknown} paiement(s) à la date limite : la demande attend sa réponse.");
                await steps.OpenAsync(incident);
            }

            looksAfterDeadline++;
        }

        throw new InvalidOperationException($"Application {reference}: PayFiP gave no result for its payment after {MaxLooksAfterDeadline} looks past the deadline.");
    }

    private static async Task CloseAsync(WorkflowSteps steps, IncidentNotice? incident)
    {
        if (incident is not null)
        {
            await steps.CloseAsync(incident);
        }
    }

    private static TimeSpan Min(TimeSpan left, TimeSpan right) => left < right ? left : right;
}
