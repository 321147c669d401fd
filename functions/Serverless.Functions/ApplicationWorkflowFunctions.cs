using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Serverless.Core.Admission;
using Serverless.Core.Certificates;
using Serverless.Core.Corrections;
using Serverless.Core.Notices;
using Serverless.Core.Orchestration;
using Serverless.Core.Receipts;
using Serverless.Core.Review;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>The application workflow: the orchestrator and its activities, each delegating to Core.</summary>
public sealed class ApplicationWorkflowFunctions(
    AcknowledgeReceiptActivity acknowledgeReceipt,
    ValidateApplicationActivity validateApplication,
    RequestReviewActivity requestReview,
    SendReviewReminderActivity sendReviewReminder,
    EscalateReviewActivity escalateReview,
    RequestChangesActivity requestChanges,
    CloseApplicationActivity closeApplication,
    IssueCertificateActivity issueCertificate,
    NotifyCitizenActivity notifyCitizen,
    OpenReviewRoundActivity openReviewRound,
    SendReviewerEmailActivity sendReviewerEmail,
    SendRevocationLinkActivity sendRevocationLink,
    OpenIncidentActivity openIncident,
    NotifyAdministratorActivity notifyAdministrator,
    CloseIncidentActivity closeIncident,
    AdmitApplicationActivity admitApplication,
    ClaimImplicitDecisionActivity claimImplicitDecision)
{
    [Function(WorkflowNames.ApplicationWorkflow)]
    public static Task<ApplicationOutcome> ApplicationWorkflow([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Serverless.Core.Orchestration.ApplicationWorkflow.RunAsync(context, context.GetInput<ApplicationWorkflowInput>()!);

    [Function(ActivityNames.AcknowledgeReceipt)]
    public Task AcknowledgeReceipt([ActivityTrigger] Acknowledgement acknowledgement) => acknowledgeReceipt.RunAsync(acknowledgement);

    [Function(ActivityNames.ValidateApplication)]
    public Task<ValidationOutcome> ValidateApplication([ActivityTrigger] string reference) => validateApplication.RunAsync(reference);

    [Function(ActivityNames.RequestReview)]
    public Task RequestReview([ActivityTrigger] ReviewRequest request) => requestReview.RunAsync(request);

    [Function(ActivityNames.SendReviewReminder)]
    public Task SendReviewReminder([ActivityTrigger] ReviewRequest request) => sendReviewReminder.RunAsync(request);

    [Function(ActivityNames.EscalateReview)]
    public Task EscalateReview([ActivityTrigger] Escalation escalation) => escalateReview.RunAsync(escalation);

    [Function(ActivityNames.RequestChanges)]
    public Task RequestChanges([ActivityTrigger] ChangeRequest request) => requestChanges.RunAsync(request);

    [Function(ActivityNames.CloseApplication)]
    public Task CloseApplication([ActivityTrigger] Closing closing) => closeApplication.RunAsync(closing);

    [Function(ActivityNames.IssueCertificate)]
    public Task<IssuedCertificate> IssueCertificate([ActivityTrigger] CertificateRequest request) => issueCertificate.RunAsync(request);

    [Function(ActivityNames.NotifyCitizen)]
    public Task NotifyCitizen([ActivityTrigger] CitizenNotice notice) => notifyCitizen.RunAsync(notice);

    [Function(ActivityNames.OpenReviewRound)]
    public Task<IReadOnlyList<string>> OpenReviewRound([ActivityTrigger] ReviewRequest request) => openReviewRound.RunAsync(request);

    [Function(ActivityNames.SendReviewerEmail)]
    public Task SendReviewerEmail([ActivityTrigger] ReviewerEmail email) => sendReviewerEmail.RunAsync(email);

    [Function(ActivityNames.SendRevocationLink)]
    public Task SendRevocationLink([ActivityTrigger] RevocationLink link) => sendRevocationLink.RunAsync(link);

    [Function(ActivityNames.OpenIncident)]
    public Task OpenIncident([ActivityTrigger] IncidentNotice incident) => openIncident.RunAsync(incident);

    [Function(ActivityNames.NotifyAdministrator)]
    public Task NotifyAdministrator([ActivityTrigger] IncidentNotice incident) => notifyAdministrator.RunAsync(incident);

    [Function(ActivityNames.CloseIncident)]
    public Task CloseIncident([ActivityTrigger] IncidentNotice incident) => closeIncident.RunAsync(incident);

    [Function(ActivityNames.ClaimImplicitDecision)]
    public Task<ReviewDecisionEvent?> ClaimImplicitDecision([ActivityTrigger] ImplicitDecisionClaim claim) => claimImplicitDecision.RunAsync(claim);

    [Function(ActivityNames.AdmitApplication)]
    public Task<ValidationOutcome> AdmitApplication([ActivityTrigger] Acknowledgement acknowledgement) => admitApplication.RunAsync(acknowledgement);
}
