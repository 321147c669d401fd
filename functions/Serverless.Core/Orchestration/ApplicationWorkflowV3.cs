using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Core.Deadlines;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Version 3 of one application's lifecycle: the path of version 2, with the e-mails off the critical path. The steps
/// record their e-mails in the outbox and queue them for <see cref="Outbox.EmailDispatcher"/> instead of waiting
/// for the relay: the acknowledgement and the automatic checks are one step (<c>AdmitApplication</c>), opening a round
/// queues each reviewer's request, reminders are queued, and the citizen's notice queues an approval's revocation links
/// with it. An approval runs four activities instead of seven. A relay that refuses no longer holds the workflow up:
/// the dispatcher retries each e-mail and reports it (page, audit, administrator) past the quick retries. Escalations,
/// requests for changes and the administrator's incident notices still send from their step, as in version 2.
/// Deterministic: all I/O happens in activities, time comes from the orchestration context, the calendar is pure code.
/// </summary>
public static class ApplicationWorkflowV3
{
    public static async Task<ApplicationOutcome> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger(nameof(ApplicationWorkflowV3));
        var steps = new WorkflowSteps(context, input);
        var reference = input.Reference;
        var clock = new WorkflowClock(input.Timing.DayLength);
        var dueAt = clock.AddCalendarDays(Now(context), input.Timing.DecisionDeadlineDays);

        var check = await steps.CallAsync(WorkflowActivities.AdmitApplication, new Acknowledgement(reference, dueAt));
        if (!check.IsValid)
        {
            await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Rejected, string.Join(" ", check.Reasons), null, Queued: true));
            logger.FailedChecks(reference);
            return new ApplicationOutcome(reference, ApplicationStatus.Rejected, null);
        }

        // Created once: a withdrawal may come at any time, during review or while the citizen corrects.
        var withdrawal = context.WaitForExternalEvent<WithdrawalEvent>(WorkflowNames.WithdrawalEvent);
        IReadOnlyList<string> reviewers = [];
        for (var round = 1; ; round++)
        {
            var review = new ReviewRoundV3(context, steps, input, round, dueAt);
            var opened = await review.OpenAsync();
            reviewers = opened.Reviewers.Count > 0 ? opened.Reviewers : reviewers;
            var outcome = opened.DeadlinePassed ? ReviewOutcomeV3.Deadline : await review.WaitAsync(withdrawal, reviewers);

            switch (outcome)
            {
                case { Decision: { Action: ReviewAction.Approve } decision }:
                    return await ApproveAsync(context, steps, reference, CitizenOutcome.Approved, decision.Comment, reviewers, logger);
                case { Decision: { Action: ReviewAction.Reject } decision }:
                    await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Rejected, decision.Comment, null, Queued: true));
                    logger.Rejected(reference);
                    return new ApplicationOutcome(reference, ApplicationStatus.Rejected, null);
                case { Withdrawn: true }:
                    return await WithdrawnAsync(steps, reference);
                case { DeadlinePassed: true } when input.Timing.SilenceMeans == SilenceMeans.Acceptance:
                    await steps.CallAsync(WorkflowActivities.CloseApplication, new Closing(reference, ClosingReason.ImplicitAcceptance));
                    return await ApproveAsync(context, steps, reference, CitizenOutcome.ImplicitlyApproved, string.Empty, reviewers, logger);
                case { DeadlinePassed: true }:
                    await steps.CallAsync(WorkflowActivities.CloseApplication, new Closing(reference, ClosingReason.ImplicitRejection));
                    await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.ImplicitlyRejected, string.Empty, null, Queued: true));
                    return new ApplicationOutcome(reference, ApplicationStatus.Rejected, null);
                case { Decision: { Action: ReviewAction.RequestChanges } changes }:
                    // The legal deadline stops while the citizen corrects, and resumes with what was left.
                    var remaining = dueAt - Now(context);
                    var answerDueAt = clock.AddCalendarDays(Now(context), input.Timing.CorrectionDelayDays);
                    await steps.CallAsync(WorkflowActivities.RequestChanges, new ChangeRequest(reference, round, changes.Comment, changes.Fields, answerDueAt));
                    context.SetCustomStatus(WorkflowNames.AwaitingCorrection);
                    var answer = await WaitForCorrectionAsync(context, round, answerDueAt, withdrawal);
                    context.SetCustomStatus(null);
                    if (answer == CorrectionAnswer.Withdrawn)
                    {
                        return await WithdrawnAsync(steps, reference);
                    }

                    if (answer == CorrectionAnswer.None)
                    {
                        await steps.CallAsync(WorkflowActivities.CloseApplication, new Closing(reference, ClosingReason.Abandoned));
                        await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Abandoned, string.Empty, null, Queued: true));
                        return new ApplicationOutcome(reference, ApplicationStatus.Abandoned, null);
                    }

                    dueAt = Now(context) + remaining;
                    break;
            }
        }
    }

    internal static DateTimeOffset Now(TaskOrchestrationContext context) => new(context.CurrentUtcDateTime, TimeSpan.Zero);

    private static async Task<ApplicationOutcome> ApproveAsync(TaskOrchestrationContext context, WorkflowSteps steps, string reference, CitizenOutcome outcome, string comment, IReadOnlyList<string> reviewers, ILogger logger)
    {
        var proposed = CertificateNumbers.From(context.NewGuid(), context.CurrentUtcDateTime.Year);
        var certificate = await steps.CallAsync(WorkflowActivities.IssueCertificate,
            new CertificateRequest(reference, proposed, Now(context), Implicit: outcome == CitizenOutcome.ImplicitlyApproved, NotifyReviewers: false));
        await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, outcome, comment, certificate.Number, Queued: true, RevocationRecipients: reviewers));
        logger.Approved(reference, certificate.Number);
        return new ApplicationOutcome(reference, ApplicationStatus.Approved, certificate.Number);
    }

    private static async Task<ApplicationOutcome> WithdrawnAsync(WorkflowSteps steps, string reference)
    {
        await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Withdrawn, string.Empty, null, Queued: true));
        return new ApplicationOutcome(reference, ApplicationStatus.Withdrawn, null);
    }

    private enum CorrectionAnswer
    {
        Corrected,
        Withdrawn,
        None,
    }

    private static async Task<CorrectionAnswer> WaitForCorrectionAsync(TaskOrchestrationContext context, int round, DateTimeOffset answerDueAt, Task<WithdrawalEvent> withdrawal)
    {
        var correction = context.WaitForExternalEvent<CorrectionEvent>(WorkflowNames.CorrectionEvent);
        while (true)
        {
            using var timerCancellation = new CancellationTokenSource();
            var timer = context.CreateTimer(answerDueAt.UtcDateTime, timerCancellation.Token);
            var winner = await Task.WhenAny(correction, withdrawal, timer);
            if (winner == timer)
            {
                return CorrectionAnswer.None;
            }

            // Cancel synchronously: CancelAsync would resume the orchestrator off its scheduler and stall it.
            timerCancellation.Cancel();
            if (winner == withdrawal)
            {
                return CorrectionAnswer.Withdrawn;
            }

            if ((await correction).Round == round)
            {
                return CorrectionAnswer.Corrected;
            }

            correction = context.WaitForExternalEvent<CorrectionEvent>(WorkflowNames.CorrectionEvent);
        }
    }
}

/// <summary>What ended a review round.</summary>
internal sealed record ReviewOutcomeV3(ReviewDecisionEvent? Decision, bool Withdrawn, bool DeadlinePassed)
{
    public static readonly ReviewOutcomeV3 Deadline = new(null, Withdrawn: false, DeadlinePassed: true);
}

/// <summary>
/// One review round of version 3: opens it (status, audit, the round's reviewers, each reviewer's request queued in
/// the same activity), then waits for the round's decision or a withdrawal, sending reminders and escalations
/// when they fall due and watching the legal deadline. Only one timer runs at a time (the earliest), and it is
/// cancelled when an event wins, so nothing is left pending.
/// </summary>
internal sealed class ReviewRoundV3(TaskOrchestrationContext context, WorkflowSteps steps, ApplicationWorkflowInput input, int round, DateTimeOffset dueAt)
{
    /// <summary>A reminder or an escalation, due at a given instant.</summary>
    private sealed record Nudge(DateTimeOffset DueAt, int ReminderNumber, EscalationLevel? Escalation);

    /// <summary>The deadline that interrupts a step held up by an incident: only when silence decides.</summary>
    private DateTimeOffset? DecidingDeadline => input.Timing.SilenceMeans == SilenceMeans.None ? null : dueAt;

    public async Task<(bool DeadlinePassed, IReadOnlyList<string> Reviewers)> OpenAsync()
    {
        var (passed, reviewers) = await steps.TryCallAsync(WorkflowActivities.OpenReviewRound, new ReviewRequest(input.Reference, round, 0, dueAt, QueueReviewerEmails: true), DecidingDeadline);
        return passed || reviewers is null ? (true, []) : (false, reviewers);
    }

    public async Task<ReviewOutcomeV3> WaitAsync(Task<WithdrawalEvent> withdrawal, IReadOnlyList<string> reviewers)
    {
        var clock = new WorkflowClock(input.Timing.DayLength);
        var requestedAt = ApplicationWorkflowV3.Now(context);
        var nudges = new List<Nudge>();
        for (var number = 1; number <= input.Timing.MaxReminders; number++)
        {
            nudges.Add(new Nudge(clock.AddWorkingDays(requestedAt, number * input.Timing.ReminderAfterDays), number, null));
        }

        if (input.Timing.EscalateAfterDays is { } escalateAfter)
        {
            nudges.Add(new Nudge(clock.AddWorkingDays(requestedAt, escalateAfter), 0, EscalationLevel.Deputy));
            nudges.Add(new Nudge(clock.AddWorkingDays(requestedAt, 2 * escalateAfter), 0, EscalationLevel.Supervisor));
        }

        var pending = new Queue<Nudge>(nudges.OrderBy(nudge => nudge.DueAt));
        var deadlineWatched = true;
        var decision = context.WaitForExternalEvent<ReviewDecisionEvent>(WorkflowNames.ReviewDecisionEvent);
        context.SetCustomStatus(WorkflowNames.AwaitingReview);
        try
        {
            while (true)
            {
                var next = pending.Count > 0 ? pending.Peek() : null;
                var deadlineFirst = deadlineWatched && (next is null || dueAt <= next.DueAt);
                DateTimeOffset? wakeAt = deadlineFirst ? dueAt : next?.DueAt;

                using var timerCancellation = new CancellationTokenSource();
                var tasks = new List<Task> { decision, withdrawal };
                if (wakeAt is { } at)
                {
                    tasks.Add(context.CreateTimer(at.UtcDateTime, timerCancellation.Token));
                }

                var winner = await Task.WhenAny(tasks);
                if (winner == decision || winner == withdrawal)
                {
                    // Cancel synchronously: CancelAsync would resume the orchestrator off its scheduler and stall it.
                    timerCancellation.Cancel();
                    if (winner == withdrawal)
                    {
                        return new ReviewOutcomeV3(null, Withdrawn: true, DeadlinePassed: false);
                    }

                    var received = await decision;
                    if (received.Round == round)
                    {
                        return new ReviewOutcomeV3(received, Withdrawn: false, DeadlinePassed: false);
                    }

                    // A decision on an earlier round (a link used late, or redelivered): ignore it and keep waiting.
                    decision = context.WaitForExternalEvent<ReviewDecisionEvent>(WorkflowNames.ReviewDecisionEvent);
                    continue;
                }

                if (deadlineFirst)
                {
                    if (input.Timing.SilenceMeans != SilenceMeans.None)
                    {
                        return ReviewOutcomeV3.Deadline;
                    }

                    // Silence decides nothing for this procedure: the supervisor must act; keep waiting without a deadline.
                    await steps.CallAsync(WorkflowActivities.EscalateReview, new Escalation(input.Reference, round, EscalationLevel.DeadlinePassed));
                    deadlineWatched = false;
                    continue;
                }

                var nudge = pending.Dequeue();
                if (await NudgeAsync(nudge, reviewers))
                {
                    return ReviewOutcomeV3.Deadline;
                }
            }
        }
        finally
        {
            context.SetCustomStatus(null);
        }
    }

    /// <summary>Sends a reminder to each reviewer, or an escalation; true when the deadline passed meanwhile.</summary>
    private async Task<bool> NudgeAsync(Nudge nudge, IReadOnlyList<string> reviewers)
    {
        if (nudge.Escalation is { } level)
        {
            return (await steps.TryCallAsync(WorkflowActivities.EscalateReview, new Escalation(input.Reference, round, level), DecidingDeadline)).DeadlinePassed;
        }

        foreach (var reviewer in reviewers)
        {
            if ((await steps.TryCallAsync(WorkflowActivities.SendReviewerEmail, new ReviewerEmail(input.Reference, round, nudge.ReminderNumber, reviewer, Queued: true), DecidingDeadline)).DeadlinePassed)
            {
                return true;
            }
        }

        return false;
    }
}
