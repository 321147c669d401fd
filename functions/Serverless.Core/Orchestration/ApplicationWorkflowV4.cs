using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Core.Deadlines;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Version 4 of one application's lifecycle: the path of version 3, with the decision deadline counted as the law
/// counts it (<see cref="LegalDeadlines"/>, docs/DEADLINES.md) from the recorded receipt of the application
/// (<see cref="ApplicationWorkflowInput.ReceivedAt"/>), not from the workflow's start: the day of receipt not counted,
/// calendar months, to 24:00 Paris time of the last day, extended past a Saturday, Sunday or public holiday. A request
/// for changes suspends the deadline or restarts it from the correction's receipt, as the procedure says
/// (<see cref="WorkflowTiming.CorrectionEffect"/>), and the citizen's answer is due at the end of a day too. With
/// accelerated days (<c>Review__DayLength</c>) the plain arithmetic of version 3 stays, counted from the receipt.
/// Version 5 is this path resumed from the application's recorded state (<see cref="WorkflowResume"/>), for an
/// instance lost while the application was pending: it opens an incident saying so, goes straight to the recorded
/// stage and round with the deadline counted again from the recorded receipt and corrections, and closes the incident
/// once back there. A version-4 input has no resume, so version 4's recorded histories replay unchanged.
/// Deterministic: all I/O happens in activities, time comes from the orchestration context and the events' recorded
/// instants, the calendar is pure code.
/// </summary>
public static class ApplicationWorkflowV4
{
    public static async Task<ApplicationOutcome> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var logger = context.CreateReplaySafeLogger(nameof(ApplicationWorkflowV4));
        var steps = new WorkflowSteps(context, input);
        var reference = input.Reference;
        var clock = new WorkflowClock(input.Timing.DayLength);
        var period = input.Timing.DecisionPeriod ?? LegalPeriod.OfDays(input.Timing.DecisionDeadlineDays);
        var deadline = DecisionDeadline.Start(period, input.Timing.DayLength, input.ReceivedAt ?? Now(context));
        var resume = input.WorkflowVersion == WorkflowNames.ResumedVersion
            ? input.Resume ?? throw new InvalidOperationException($"Workflow version {WorkflowNames.ResumedVersion} needs the state to resume from.")
            : null;
        foreach (var span in resume?.Corrections ?? [])
        {
            // The lost instance's deadline, counted again from the same recorded instants.
            deadline = deadline.AfterCorrection(period, input.Timing.DayLength, input.Timing.CorrectionEffect, span.SuspendedAt, span.CorrectedAt);
        }

        var dueAt = deadline.EndsAt;
        // A restarted instance shows why (status page, audit, the administrator told) until it is back where it was.
        var lost = resume is null ? null : new IncidentNotice(reference, resume.IncidentNumber, LostWorkflowStep, resume.Cause);
        if (lost is not null)
        {
            await steps.OpenAsync(lost);
        }

        if (resume is null or { Stage: ResumeStage.Admission })
        {
            var check = await steps.CallAsync(WorkflowActivities.AdmitApplication, new Acknowledgement(reference, dueAt));
            lost = await ClosedAsync(steps, lost);
            if (!check.IsValid)
            {
                await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Rejected, string.Join(" ", check.Reasons), null, Queued: true));
                logger.FailedChecks(reference);
                return new ApplicationOutcome(reference, ApplicationStatus.Rejected, null);
            }
        }

        // Created once: a withdrawal may come at any time, during review or while the citizen corrects.
        var withdrawal = context.WaitForExternalEvent<WithdrawalEvent>(WorkflowNames.WithdrawalEvent);
        var firstRound = resume is { Stage: not ResumeStage.Admission } ? resume.Round : 1;
        if (resume is { Stage: ResumeStage.Correction })
        {
            lost = await ClosedAsync(steps, lost);
            var answerDueAt = resume.AnswerDueAt ?? AnswerDueAt(input.Timing, clock, Now(context));
            var (ended, next) = await CorrectionAsync(context, steps, input, resume.Round, resume.SuspendedAt ?? Now(context), answerDueAt, withdrawal, deadline);
            if (ended is not null)
            {
                return ended;
            }

            deadline = next!;
            dueAt = deadline.EndsAt;
            firstRound++;
        }

        IReadOnlyList<string> reviewers = [];
        for (var round = firstRound; ; round++)
        {
            var review = new ReviewRoundV4(context, steps, input, round, dueAt);
            var opened = await review.OpenAsync();
            lost = await ClosedAsync(steps, lost);
            reviewers = opened.Reviewers.Count > 0 ? opened.Reviewers : reviewers;
            var outcome = opened.DeadlinePassed ? ReviewOutcomeV4.Deadline : await review.WaitAsync(withdrawal, reviewers);
            if (outcome.DeadlinePassed)
            {
                // Silence decides only if no agent decided first: the claim is a conditional insert beside theirs, and a
                // decision recorded before the deadline (its event not delivered yet) is applied instead.
                var recorded = await steps.CallAsync(WorkflowActivities.ClaimImplicitDecision,
                    new ImplicitDecisionClaim(reference, round, dueAt, input.Timing.SilenceMeans == SilenceMeans.Acceptance));
                outcome = recorded is null ? outcome : new ReviewOutcomeV4(recorded, Withdrawn: false, DeadlinePassed: false);
            }

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
                    // The legal deadline stops when the agent asked (the decision's recorded instant, not when this
                    // step ran), and runs again from the correction's receipt, resumed or restarted.
                    var answerDueAt = AnswerDueAt(input.Timing, clock, Now(context));
                    await steps.CallAsync(WorkflowActivities.RequestChanges, new ChangeRequest(reference, round, changes.Comment, changes.Fields, answerDueAt));
                    var (ended, next) = await CorrectionAsync(context, steps, input, round, changes.DecidedAt, answerDueAt, withdrawal, deadline);
                    if (ended is not null)
                    {
                        return ended;
                    }

                    deadline = next!;
                    dueAt = deadline.EndsAt;
                    break;
            }
        }
    }

    /// <summary>The incident step a restarted instance reports (<see cref="WorkflowResume"/>).</summary>
    public const string LostWorkflowStep = "ApplicationWorkflow";

    /// <summary>Ends a restarted instance's incident once it is back at its step; null afterwards (closed once).</summary>
    private static async Task<IncidentNotice?> ClosedAsync(WorkflowSteps steps, IncidentNotice? lost)
    {
        if (lost is not null)
        {
            await steps.CloseAsync(lost);
        }

        return null;
    }

    /// <summary>
    /// Waits for the citizen's corrections asked in <paramref name="round"/> (the deadline stopped at
    /// <paramref name="suspendedAt"/>): how the application ended if it did (withdrawn, abandoned), else the deadline
    /// running again from the correction's receipt.
    /// </summary>
    internal static async Task<(ApplicationOutcome? Ended, DecisionDeadline? Next)> CorrectionAsync(
        TaskOrchestrationContext context, WorkflowSteps steps, ApplicationWorkflowInput input, int round, DateTimeOffset suspendedAt, DateTimeOffset answerDueAt, Task<WithdrawalEvent> withdrawal, DecisionDeadline deadline)
    {
        var reference = input.Reference;
        context.SetCustomStatus(WorkflowNames.AwaitingCorrection);
        var (answer, correctedAt) = await WaitForCorrectionAsync(context, round, answerDueAt, withdrawal);
        context.SetCustomStatus(null);
        if (answer == CorrectionAnswer.Withdrawn)
        {
            return (await WithdrawnAsync(steps, reference), null);
        }

        if (answer == CorrectionAnswer.None)
        {
            await steps.CallAsync(WorkflowActivities.CloseApplication, new Closing(reference, ClosingReason.Abandoned));
            await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, CitizenOutcome.Abandoned, string.Empty, null, Queued: true));
            return (new ApplicationOutcome(reference, ApplicationStatus.Abandoned, null), null);
        }

        var period = input.Timing.DecisionPeriod ?? LegalPeriod.OfDays(input.Timing.DecisionDeadlineDays);
        return (null, deadline.AfterCorrection(period, input.Timing.DayLength, input.Timing.CorrectionEffect, suspendedAt, correctedAt));
    }

    internal static DateTimeOffset Now(TaskOrchestrationContext context) => new(context.CurrentUtcDateTime, TimeSpan.Zero);

    /// <summary>
    /// The citizen's time to answer: whole days to 24:00 Paris time of the last one, extended past a non-working day
    /// like the decision deadline (a date the citizen can read and rely on); accelerated days keep their arithmetic.
    /// </summary>
    internal static DateTimeOffset AnswerDueAt(WorkflowTiming timing, WorkflowClock clock, DateTimeOffset requestedAt) =>
        timing.DayLength is null
            ? LegalDeadlines.Compute(requestedAt, LegalPeriod.OfDays((int)Math.Ceiling(timing.CorrectionDelayDays))).EndsAt
            : clock.AddCalendarDays(requestedAt, timing.CorrectionDelayDays);

    private static async Task<ApplicationOutcome> ApproveAsync(TaskOrchestrationContext context, WorkflowSteps steps, string reference, CitizenOutcome outcome, string comment, IReadOnlyList<string> reviewers, ILogger logger)
    {
        var proposed = CertificateNumbers.From(context.NewGuid(), context.CurrentUtcDateTime.Year);
        var certificate = await steps.CallAsync(WorkflowActivities.IssueCertificate,
            new CertificateRequest(reference, proposed, Now(context), Implicit: outcome == CitizenOutcome.ImplicitlyApproved, NotifyReviewers: false));
        await steps.CallAsync(WorkflowActivities.NotifyCitizen, new CitizenNotice(reference, outcome, comment, certificate.Number, Queued: true, RevocationRecipients: reviewers));
        logger.Approved(reference, certificate.Number);
        return new ApplicationOutcome(reference, ApplicationStatus.Approved, certificate.Number);
    }

    internal static async Task<ApplicationOutcome> WithdrawnAsync(WorkflowSteps steps, string reference)
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

    /// <summary>How the wait for the citizen ended, and when the correction was received (its recorded instant).</summary>
    private static async Task<(CorrectionAnswer Answer, DateTimeOffset CorrectedAt)> WaitForCorrectionAsync(TaskOrchestrationContext context, int round, DateTimeOffset answerDueAt, Task<WithdrawalEvent> withdrawal)
    {
        var correction = context.WaitForExternalEvent<CorrectionEvent>(WorkflowNames.CorrectionEvent);
        while (true)
        {
            using var timerCancellation = new CancellationTokenSource();
            var timer = context.CreateTimer(answerDueAt.UtcDateTime, timerCancellation.Token);
            var winner = await Task.WhenAny(correction, withdrawal, timer);
            if (winner == timer)
            {
                return (CorrectionAnswer.None, Now(context));
            }

            // Cancel synchronously: CancelAsync would resume the orchestrator off its scheduler and stall it.
            timerCancellation.Cancel();
            if (winner == withdrawal)
            {
                return (CorrectionAnswer.Withdrawn, Now(context));
            }

            var received = await correction;
            if (received.Round == round)
            {
                // The instant the correction was recorded (a redelivered event keeps it), not when the event arrived.
                return (CorrectionAnswer.Corrected, received.At);
            }

            correction = context.WaitForExternalEvent<CorrectionEvent>(WorkflowNames.CorrectionEvent);
        }
    }
}

/// <summary>What ended a review round (version 4's own copy: version 3's may not change under it).</summary>
internal sealed record ReviewOutcomeV4(ReviewDecisionEvent? Decision, bool Withdrawn, bool DeadlinePassed)
{
    public static readonly ReviewOutcomeV4 Deadline = new(null, Withdrawn: false, DeadlinePassed: true);
}

/// <summary>
/// One review round of version 4 (the same as version 3's, kept apart so an edit of one cannot change the other):
/// opens it (status, audit, the round's reviewers, each reviewer's request queued in
/// the same activity), then waits for the round's decision or a withdrawal, sending reminders and escalations
/// when they fall due and watching the legal deadline. Only one timer runs at a time (the earliest), and it is
/// cancelled when an event wins, so nothing is left pending.
/// </summary>
internal sealed class ReviewRoundV4(TaskOrchestrationContext context, WorkflowSteps steps, ApplicationWorkflowInput input, int round, DateTimeOffset dueAt)
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

    public async Task<ReviewOutcomeV4> WaitAsync(Task<WithdrawalEvent> withdrawal, IReadOnlyList<string> reviewers)
    {
        var clock = new WorkflowClock(input.Timing.DayLength);
        var requestedAt = ApplicationWorkflowV4.Now(context);
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
                        return new ReviewOutcomeV4(null, Withdrawn: true, DeadlinePassed: false);
                    }

                    var received = await decision;
                    if (received.Round == round)
                    {
                        return new ReviewOutcomeV4(received, Withdrawn: false, DeadlinePassed: false);
                    }

                    // A decision on an earlier round (a link used late, or redelivered): ignore it and keep waiting.
                    decision = context.WaitForExternalEvent<ReviewDecisionEvent>(WorkflowNames.ReviewDecisionEvent);
                    continue;
                }

                if (deadlineFirst)
                {
                    if (input.Timing.SilenceMeans != SilenceMeans.None)
                    {
                        return ReviewOutcomeV4.Deadline;
                    }

                    // Silence decides nothing for this procedure: the supervisor must act; keep waiting without a deadline.
                    await steps.CallAsync(WorkflowActivities.EscalateReview, new Escalation(input.Reference, round, EscalationLevel.DeadlinePassed));
                    deadlineWatched = false;
                    continue;
                }

                var nudge = pending.Dequeue();
                if (await NudgeAsync(nudge, reviewers))
                {
                    return ReviewOutcomeV4.Deadline;
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
