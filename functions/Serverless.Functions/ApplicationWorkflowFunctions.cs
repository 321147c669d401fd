using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Serverless.Core.Workflow;
using Serverless.Core.Workflow.Activities;

namespace Serverless.Functions;

/// <summary>The application workflow: the orchestrator and its activities, each delegating to Core.</summary>
public sealed class ApplicationWorkflowFunctions(
    AcknowledgeReceiptActivity acknowledgeReceipt,
    ValidateApplicationActivity validateApplication,
    RequestReviewActivity requestReview,
    SendReviewReminderActivity sendReviewReminder,
    IssueCertificateActivity issueCertificate,
    NotifyCitizenActivity notifyCitizen)
{
    [Function(WorkflowNames.ApplicationWorkflow)]
    public static Task<ApplicationOutcome> ApplicationWorkflow([OrchestrationTrigger] TaskOrchestrationContext context) =>
        Core.Workflow.ApplicationWorkflow.RunAsync(context, context.GetInput<ApplicationWorkflowInput>()!);

    [Function(ActivityNames.AcknowledgeReceipt)]
    public Task AcknowledgeReceipt([ActivityTrigger] string reference) => acknowledgeReceipt.RunAsync(reference);

    [Function(ActivityNames.ValidateApplication)]
    public Task<ValidationOutcome> ValidateApplication([ActivityTrigger] string reference) => validateApplication.RunAsync(reference);

    [Function(ActivityNames.RequestReview)]
    public Task RequestReview([ActivityTrigger] ReviewRequest request) => requestReview.RunAsync(request);

    [Function(ActivityNames.SendReviewReminder)]
    public Task SendReviewReminder([ActivityTrigger] ReviewRequest request) => sendReviewReminder.RunAsync(request);

    [Function(ActivityNames.IssueCertificate)]
    public Task<IssuedCertificate> IssueCertificate([ActivityTrigger] CertificateRequest request) => issueCertificate.RunAsync(request);

    [Function(ActivityNames.NotifyCitizen)]
    public Task NotifyCitizen([ActivityTrigger] CitizenNotice notice) => notifyCitizen.RunAsync(notice);
}
