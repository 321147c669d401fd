using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Admission;
using Serverless.Core.Receipts;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>The workflow's admission activities (receipt and checks, apart or together), delegating to Core.</summary>
public sealed class AdmissionStepFunctions(
    AcknowledgeReceiptActivity acknowledgeReceipt,
    ValidateApplicationActivity validateApplication,
    AdmitApplicationActivity admitApplication)
{
    [Function(ActivityNames.AcknowledgeReceipt)]
    public Task AcknowledgeReceipt([ActivityTrigger] Acknowledgement acknowledgement) => acknowledgeReceipt.RunAsync(acknowledgement);

    [Function(ActivityNames.ValidateApplication)]
    public Task<ValidationOutcome> ValidateApplication([ActivityTrigger] string reference) => validateApplication.RunAsync(reference);

    [Function(ActivityNames.AdmitApplication)]
    public Task<ValidationOutcome> AdmitApplication([ActivityTrigger] Acknowledgement acknowledgement) => admitApplication.RunAsync(acknowledgement);
}
