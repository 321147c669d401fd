using Microsoft.DurableTask;
using Serverless.Core.Workflow;
using Serverless.Core.Workflow.Activities;

namespace Serverless.LocalHost;

/// <summary>
/// The orchestrator and activities the local host runs; the same names as the Functions app's
/// <c>[OrchestrationTrigger]</c> and <c>[ActivityTrigger]</c> functions (the twin test checks it).
/// </summary>
public static class WorkflowRegistration
{
    public static IReadOnlyList<string> OrchestratorNames { get; } = [WorkflowNames.ApplicationWorkflow];

    public static IReadOnlyList<string> ActivityNames { get; } =
    [
        Core.Workflow.ActivityNames.AcknowledgeReceipt,
        Core.Workflow.ActivityNames.ValidateApplication,
        Core.Workflow.ActivityNames.RequestReview,
        Core.Workflow.ActivityNames.SendReviewReminder,
        Core.Workflow.ActivityNames.EscalateReview,
        Core.Workflow.ActivityNames.RequestChanges,
        Core.Workflow.ActivityNames.CloseApplication,
        Core.Workflow.ActivityNames.IssueCertificate,
        Core.Workflow.ActivityNames.NotifyCitizen,
        Core.Workflow.ActivityNames.OpenReviewRound,
        Core.Workflow.ActivityNames.SendReviewerEmail,
        Core.Workflow.ActivityNames.SendRevocationLink,
        Core.Workflow.ActivityNames.OpenIncident,
        Core.Workflow.ActivityNames.NotifyAdministrator,
        Core.Workflow.ActivityNames.CloseIncident,
        Core.Workflow.ActivityNames.AdmitApplication,
        Core.Workflow.ActivityNames.ClaimImplicitDecision,
    ];

    public static void Register(DurableTaskRegistry registry)
    {
        // AddOrchestratorFunc<TInput, TOutput>: the output-only overload makes GetInput<T>() fail on a JsonElement.
        registry.AddOrchestratorFunc<ApplicationWorkflowInput, ApplicationOutcome>(
            WorkflowNames.ApplicationWorkflow,
            (context, input) => ApplicationWorkflow.RunAsync(context, input));

        Add<AcknowledgeReceiptActivity, Acknowledgement>(registry, Core.Workflow.ActivityNames.AcknowledgeReceipt, (activity, input) => activity.RunAsync(input));
        Add<ValidateApplicationActivity, string, ValidationOutcome>(registry, Core.Workflow.ActivityNames.ValidateApplication, (activity, input) => activity.RunAsync(input));
        Add<RequestReviewActivity, ReviewRequest>(registry, Core.Workflow.ActivityNames.RequestReview, (activity, input) => activity.RunAsync(input));
        Add<SendReviewReminderActivity, ReviewRequest>(registry, Core.Workflow.ActivityNames.SendReviewReminder, (activity, input) => activity.RunAsync(input));
        Add<EscalateReviewActivity, Escalation>(registry, Core.Workflow.ActivityNames.EscalateReview, (activity, input) => activity.RunAsync(input));
        Add<RequestChangesActivity, ChangeRequest>(registry, Core.Workflow.ActivityNames.RequestChanges, (activity, input) => activity.RunAsync(input));
        Add<CloseApplicationActivity, Closing>(registry, Core.Workflow.ActivityNames.CloseApplication, (activity, input) => activity.RunAsync(input));
        Add<IssueCertificateActivity, CertificateRequest, IssuedCertificate>(registry, Core.Workflow.ActivityNames.IssueCertificate, (activity, input) => activity.RunAsync(input));
        Add<NotifyCitizenActivity, CitizenNotice>(registry, Core.Workflow.ActivityNames.NotifyCitizen, (activity, input) => activity.RunAsync(input));
        Add<OpenReviewRoundActivity, ReviewRequest, IReadOnlyList<string>>(registry, Core.Workflow.ActivityNames.OpenReviewRound, (activity, input) => activity.RunAsync(input));
        Add<SendReviewerEmailActivity, ReviewerEmail>(registry, Core.Workflow.ActivityNames.SendReviewerEmail, (activity, input) => activity.RunAsync(input));
        Add<SendRevocationLinkActivity, RevocationLink>(registry, Core.Workflow.ActivityNames.SendRevocationLink, (activity, input) => activity.RunAsync(input));
        Add<OpenIncidentActivity, IncidentNotice>(registry, Core.Workflow.ActivityNames.OpenIncident, (activity, input) => activity.RunAsync(input));
        Add<NotifyAdministratorActivity, IncidentNotice>(registry, Core.Workflow.ActivityNames.NotifyAdministrator, (activity, input) => activity.RunAsync(input));
        Add<CloseIncidentActivity, IncidentNotice>(registry, Core.Workflow.ActivityNames.CloseIncident, (activity, input) => activity.RunAsync(input));
        Add<AdmitApplicationActivity, Acknowledgement, ValidationOutcome>(registry, Core.Workflow.ActivityNames.AdmitApplication, (activity, input) => activity.RunAsync(input));
        Add<ClaimImplicitDecisionActivity, ImplicitDecisionClaim, ReviewDecisionEvent?>(registry, Core.Workflow.ActivityNames.ClaimImplicitDecision, (activity, input) => activity.RunAsync(input));
    }

    private static void Add<TActivity, TInput, TOutput>(DurableTaskRegistry registry, string name, Func<TActivity, TInput, Task<TOutput>> run)
        where TActivity : notnull =>
        registry.AddActivity(name, services => new ServiceActivity<TInput, TOutput>(input => run(services.GetRequiredService<TActivity>(), input)));

    private static void Add<TActivity, TInput>(DurableTaskRegistry registry, string name, Func<TActivity, TInput, Task> run)
        where TActivity : notnull =>
        Add<TActivity, TInput, bool>(registry, name, async (activity, input) =>
        {
            await run(activity, input);
            return true;
        });
}
