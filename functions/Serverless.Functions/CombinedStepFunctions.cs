using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Serverless.Core.Admission;
using Serverless.Core.Notices;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>Version 6's two activities that each do in one step what two activities of version 4 did, delegating to Core.</summary>
public sealed class CombinedStepFunctions(AdmitAndOpenReviewActivity admitAndOpenReview, ApproveApplicationActivity approveApplication)
{
    [Function(ActivityNames.AdmitAndOpenReview)]
    public Task<AdmissionResult> AdmitAndOpenReview([ActivityTrigger] AdmissionAndReview request) => admitAndOpenReview.RunAsync(request);

    [Function(ActivityNames.ApproveApplication)]
    public Task<IssuedCertificate> ApproveApplication([ActivityTrigger] Approval approval) => approveApplication.RunAsync(approval);
}
