using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Corrections;
using Serverless.Core.Review;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>
/// The workflow's review-round activities (opening, reviewers' e-mails and reminders, escalation, the request for
/// changes, the implicit decision's claim), delegating to Core.
/// </summary>
public sealed class ReviewStepFunctions(
    RequestReviewActivity requestReview,
    OpenReviewRoundActivity openReviewRound,
    SendReviewerEmailActivity sendReviewerEmail,
    SendReviewReminderActivity sendReviewReminder,
    EscalateReviewActivity escalateReview,
    RequestChangesActivity requestChanges,
    ClaimImplicitDecisionActivity claimImplicitDecision)
{
    [Function(ActivityNames.RequestReview)]
    public Task RequestReview([ActivityTrigger] ReviewRequest request) => requestReview.RunAsync(request);

    [Function(ActivityNames.OpenReviewRound)]
    public Task<IReadOnlyList<string>> OpenReviewRound([ActivityTrigger] ReviewRequest request) => openReviewRound.RunAsync(request);

    [Function(ActivityNames.SendReviewerEmail)]
    public Task SendReviewerEmail([ActivityTrigger] ReviewerEmail email) => sendReviewerEmail.RunAsync(email);

    [Function(ActivityNames.SendReviewReminder)]
    public Task SendReviewReminder([ActivityTrigger] ReviewRequest request) => sendReviewReminder.RunAsync(request);

    [Function(ActivityNames.EscalateReview)]
    public Task EscalateReview([ActivityTrigger] Escalation escalation) => escalateReview.RunAsync(escalation);

    [Function(ActivityNames.RequestChanges)]
    public Task RequestChanges([ActivityTrigger] ChangeRequest request) => requestChanges.RunAsync(request);

    [Function(ActivityNames.ClaimImplicitDecision)]
    public Task<ReviewDecisionEvent?> ClaimImplicitDecision([ActivityTrigger] ImplicitDecisionClaim claim) => claimImplicitDecision.RunAsync(claim);
}
