using Microsoft.DurableTask;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Version 8: version 7's path, with the wait for the procedure's price where the procedure puts it (issue 28):
/// between admission and the first review round (<see cref="PaymentMoment.BeforeReview"/>: agents see only paid
/// applications), or between the approval and the certificate (<see cref="PaymentMoment.AfterApproval"/>). The wait
/// is <see cref="PaymentWaitV1"/>. A procedure without a price runs version 7's activities exactly.
/// </summary>
public static class ApplicationWorkflowV8
{
    public const int Version = 8;

    public static Task<ApplicationOutcome> RunAsync(TaskOrchestrationContext context, ApplicationWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var hooks = ApplicationWorkflowV7.Hooks(context, input);
        PaymentWait wait = (steps, withdrawal) => PaymentWaitV1.RunAsync(context, steps, input.Reference, input.Payment!.Value, input.Timing.DayLength ?? TimeSpan.FromDays(1), withdrawal);
        return ApplicationWorkflowV6.RunAsync(context, input, input.Payment switch
        {
            PaymentMoment.BeforeReview => hooks with { BeforeReview = wait },
            PaymentMoment.AfterApproval => hooks with { BeforeCertificate = wait },
            _ => hooks,
        });
    }
}
