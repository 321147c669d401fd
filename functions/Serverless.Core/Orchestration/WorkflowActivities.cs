using System.Reflection;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Admission;
using Serverless.Core.Certificates;
using Serverless.Core.Circuits;
using Serverless.Core.Payments;
using Serverless.Core.Corrections;
using Serverless.Core.Notices;
using Serverless.Core.Receipts;
using Serverless.Core.Review;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>An activity the worker registers: one of <see cref="WorkflowActivities"/>.</summary>
public interface IActivityDeclaration
{
    string Name { get; }

    /// <summary>Registers the activity on a Durable Task worker (the local host), its class resolved from DI.</summary>
    void Register(DurableTaskRegistry registry);
}

/// <summary>
/// An activity as the orchestrators call it: its name, what it takes, what it answers. <see cref="WorkflowSteps"/>
/// takes only these, so an orchestrator cannot call an activity by a wrong name or with a wrong input or output type.
/// </summary>
public class Activity<TInput, TOutput> : IActivityDeclaration
{
    private readonly Func<IServiceProvider, TInput, Task<TOutput>> run;

    internal Activity(string name, Func<IServiceProvider, TInput, Task<TOutput>> run)
    {
        Name = name;
        this.run = run;
    }

    public string Name { get; }

    public void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddActivity(Name, services => new ServiceActivity(input => run(services, input)));
    }

    /// <summary>Adapts the activity class (resolved from DI) to the Durable Task SDK's activity contract.</summary>
    private sealed class ServiceActivity(Func<TInput, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(input);
    }
}

/// <summary>An activity whose answer the workflow does not read (the worker records <c>true</c>).</summary>
public sealed class Activity<TInput> : Activity<TInput, bool>
{
    internal Activity(string name, Func<IServiceProvider, TInput, Task<bool>> run)
        : base(name, run)
    {
    }
}

/// <summary>
/// Every activity of the application workflow, declared once: the name (the Functions app's <c>[ActivityTrigger]</c>
/// wrappers use the same <see cref="ActivityNames"/> constant, and a test compares them), the input and output types,
/// and the class that runs it. The local host registers <see cref="All"/>.
/// </summary>
public static class WorkflowActivities
{
    public static readonly Activity<Acknowledgement> AcknowledgeReceipt = Of<AcknowledgeReceiptActivity, Acknowledgement>(ActivityNames.AcknowledgeReceipt, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<string, ValidationOutcome> ValidateApplication = Of<ValidateApplicationActivity, string, ValidationOutcome>(ActivityNames.ValidateApplication, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<ReviewRequest> RequestReview = Of<RequestReviewActivity, ReviewRequest>(ActivityNames.RequestReview, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<ReviewRequest> SendReviewReminder = Of<SendReviewReminderActivity, ReviewRequest>(ActivityNames.SendReviewReminder, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<Escalation> EscalateReview = Of<EscalateReviewActivity, Escalation>(ActivityNames.EscalateReview, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<ChangeRequest> RequestChanges = Of<RequestChangesActivity, ChangeRequest>(ActivityNames.RequestChanges, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<Closing> CloseApplication = Of<CloseApplicationActivity, Closing>(ActivityNames.CloseApplication, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<CertificateRequest, IssuedCertificate> IssueCertificate = Of<IssueCertificateActivity, CertificateRequest, IssuedCertificate>(ActivityNames.IssueCertificate, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<CitizenNotice> NotifyCitizen = Of<NotifyCitizenActivity, CitizenNotice>(ActivityNames.NotifyCitizen, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<ReviewRequest, IReadOnlyList<string>> OpenReviewRound = Of<OpenReviewRoundActivity, ReviewRequest, IReadOnlyList<string>>(ActivityNames.OpenReviewRound, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<ReviewerEmail> SendReviewerEmail = Of<SendReviewerEmailActivity, ReviewerEmail>(ActivityNames.SendReviewerEmail, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<RevocationLink> SendRevocationLink = Of<SendRevocationLinkActivity, RevocationLink>(ActivityNames.SendRevocationLink, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<IncidentNotice> OpenIncident = Of<OpenIncidentActivity, IncidentNotice>(ActivityNames.OpenIncident, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<IncidentNotice> NotifyAdministrator = Of<NotifyAdministratorActivity, IncidentNotice>(ActivityNames.NotifyAdministrator, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<IncidentNotice> CloseIncident = Of<CloseIncidentActivity, IncidentNotice>(ActivityNames.CloseIncident, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<Acknowledgement, ValidationOutcome> AdmitApplication = Of<AdmitApplicationActivity, Acknowledgement, ValidationOutcome>(ActivityNames.AdmitApplication, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<AdmissionAndReview, AdmissionResult> AdmitAndOpenReview = Of<AdmitAndOpenReviewActivity, AdmissionAndReview, AdmissionResult>(ActivityNames.AdmitAndOpenReview, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<Approval, IssuedCertificate> ApproveApplication = Of<ApproveApplicationActivity, Approval, IssuedCertificate>(ActivityNames.ApproveApplication, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<CircuitStart, CircuitPlan?> StartCircuit = Of<StartCircuitActivity, CircuitStart, CircuitPlan?>(ActivityNames.StartCircuit, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<CircuitStepRequest> RequestCircuitStep = Of<RequestCircuitStepActivity, CircuitStepRequest>(ActivityNames.RequestCircuitStep, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<CircuitStepAction, CircuitStepResult> ApplyCircuitAction = Of<ApplyCircuitActionActivity, CircuitStepAction, CircuitStepResult>(ActivityNames.ApplyCircuitAction, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<PaymentDemand, PaymentDueNotice?> RequestPayment = Of<RequestPaymentActivity, PaymentDemand, PaymentDueNotice?>(ActivityNames.RequestPayment, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<PaymentCheck, PaymentCheckResult> SettlePayment = Of<SettlePaymentActivity, PaymentCheck, PaymentCheckResult>(ActivityNames.SettlePayment, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<string> AbandonUnpaid = Of<AbandonUnpaidActivity, string>(ActivityNames.AbandonUnpaid, (activity, input) => activity.RunAsync(input));
    public static readonly Activity<ImplicitDecisionClaim, ReviewDecisionEvent?> ClaimImplicitDecision = Of<ClaimImplicitDecisionActivity, ImplicitDecisionClaim, ReviewDecisionEvent?>(ActivityNames.ClaimImplicitDecision, (activity, input) => activity.RunAsync(input));

    private static IReadOnlyList<IActivityDeclaration>? all;

    /// <summary>Every declaration above (read from this class, so a new one cannot be left out of the registration).</summary>
    public static IReadOnlyList<IActivityDeclaration> All => all ??=
    [
        .. typeof(WorkflowActivities).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(declaration => typeof(IActivityDeclaration).IsAssignableFrom(declaration.FieldType))
            .Select(declaration => (IActivityDeclaration)declaration.GetValue(null)!),
    ];

    private static Activity<TInput, TOutput> Of<TActivity, TInput, TOutput>(string name, Func<TActivity, TInput, Task<TOutput>> run)
        where TActivity : notnull =>
        new(name, (services, input) => run(services.GetRequiredService<TActivity>(), input));

    private static Activity<TInput> Of<TActivity, TInput>(string name, Func<TActivity, TInput, Task> run)
        where TActivity : notnull =>
        new(name, async (services, input) =>
        {
            await run(services.GetRequiredService<TActivity>(), input);
            return true;
        });
}

/// <summary>Typed calls for version 1, which calls its activities on the context with its own retry options.</summary>
public static class TypedActivityCalls
{
    public static Task<TOutput> CallAsync<TInput, TOutput>(this TaskOrchestrationContext context, Activity<TInput, TOutput> activity, TInput input, TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(activity);
        return context.CallActivityAsync<TOutput>(activity.Name, input, options);
    }

    public static Task CallAsync<TInput>(this TaskOrchestrationContext context, Activity<TInput> activity, TInput input, TaskOptions options) =>
        CallAsync<TInput, bool>(context, activity, input, options);
}
