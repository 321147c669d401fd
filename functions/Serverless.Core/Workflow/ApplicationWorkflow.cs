using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.Core.Certificates;
using Serverless.Core.Review;

namespace Serverless.Core.Workflow;

/// <summary>Everything the workflow needs, fixed at submission so that later configuration changes cannot alter a running application.</summary>
public sealed record ApplicationWorkflowInput(string Reference, string ProcedureId, TimeSpan ReminderAfter, int MaxReminders);

/// <summary>The agent's decision, raised as an external event by the review page.</summary>
public sealed record ReviewDecisionEvent(ReviewAction Action, string Reviewer, string Comment, DateTimeOffset DecidedAt);

/// <summary>How an application ended.</summary>
public sealed record ApplicationOutcome(string Reference, string Status, string? CertificateNumber);

public static class WorkflowNames
{
    public const string ApplicationWorkflow = nameof(ApplicationWorkflow);
    public const string ReviewDecisionEvent = "ReviewDecision";

    /// <summary>Custom status while the workflow waits for an agent: the review page checks it before raising the event.</summary>
    public const string AwaitingReview = "AwaitingReview";
}

/// <summary>
/// One application's lifecycle: acknowledgement → automatic checks → agent review (with reminders) → certificate →
/// notification. Deterministic: all I/O happens in activities, time comes from the orchestration context.
/// </summary>
public static class ApplicationWorkflow
{
    public const int FirstRound = 1;

    public static async Task<ApplicationOutcome> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger(nameof(ApplicationWorkflow));
        var reference = input.Reference;

        await context.CallActivityAsync(ActivityNames.AcknowledgeReceipt, reference);

        var check = await context.CallActivityAsync<ValidationOutcome>(ActivityNames.ValidateApplication, reference);
        if (!check.IsValid)
        {
            var reason = string.Join(" ", check.Reasons);
            await context.CallActivityAsync(ActivityNames.NotifyCitizen, new CitizenNotice(reference, Approved: false, reason, CertificateNumber: null));
            logger.FailedChecks(reference);
            return new ApplicationOutcome(reference, "Rejected", null);
        }

        await context.CallActivityAsync(ActivityNames.RequestReview, new ReviewRequest(reference, FirstRound, ReminderNumber: 0));
        context.SetCustomStatus(WorkflowNames.AwaitingReview);
        var decision = await WaitForDecisionAsync(context, input);
        context.SetCustomStatus(null);

        if (decision.Action == ReviewAction.Approve)
        {
            var number = CertificateNumbers.From(context.NewGuid(), context.CurrentUtcDateTime.Year);
            var certificate = await context.CallActivityAsync<IssuedCertificate>(
                ActivityNames.IssueCertificate,
                new CertificateRequest(reference, number, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero)));
            await context.CallActivityAsync(ActivityNames.NotifyCitizen, new CitizenNotice(reference, Approved: true, decision.Comment, certificate.Number));
            logger.Approved(reference, certificate.Number);
            return new ApplicationOutcome(reference, "Approved", certificate.Number);
        }

        await context.CallActivityAsync(ActivityNames.NotifyCitizen, new CitizenNotice(reference, Approved: false, decision.Comment, CertificateNumber: null));
        logger.Rejected(reference);
        return new ApplicationOutcome(reference, "Rejected", null);
    }

    /// <summary>
    /// Waits for the decision event, reminding the reviewers each time <see cref="ApplicationWorkflowInput.ReminderAfter"/>
    /// passes without one (at most <see cref="ApplicationWorkflowInput.MaxReminders"/> times). The event task is created
    /// once, so an event that arrives during a reminder is not lost; each losing timer is cancelled.
    /// </summary>
    private static async Task<ReviewDecisionEvent> WaitForDecisionAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input)
    {
        var decisionTask = context.WaitForExternalEvent<ReviewDecisionEvent>(WorkflowNames.ReviewDecisionEvent);
        for (var reminder = 1; reminder <= input.MaxReminders; reminder++)
        {
            using var timerCancellation = new CancellationTokenSource();
            var timer = context.CreateTimer(context.CurrentUtcDateTime.Add(input.ReminderAfter), timerCancellation.Token);
            var winner = await Task.WhenAny(decisionTask, timer);
            if (winner == decisionTask)
            {
                // Cancel synchronously: CancelAsync would resume the orchestrator on a thread-pool thread, off the
                // orchestration's own scheduler, and the decision would be silently stuck.
                timerCancellation.Cancel();
                return await decisionTask;
            }

            await context.CallActivityAsync(ActivityNames.SendReviewReminder, new ReviewRequest(input.Reference, FirstRound, reminder));
        }

        return await decisionTask;
    }
}

internal static partial class WorkflowLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} failed automatic checks")]
    public static partial void FailedChecks(this ILogger logger, string reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} approved, certificate {CertificateNumber}")]
    public static partial void Approved(this ILogger logger, string reference, string certificateNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Application {Reference} rejected")]
    public static partial void Rejected(this ILogger logger, string reference);
}
