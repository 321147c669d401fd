using Serverless.Core.Receipts;
using Serverless.Core.Workflow;

namespace Serverless.Core.Admission;

/// <summary>
/// Version 3's first step: the acknowledgement of receipt (queued for the e-mail dispatcher) and the automatic checks,
/// in one activity instead of two. Both parts are idempotent (start request applied, audit insert-only, outbox row).
/// </summary>
/// For an application of the partition layout (decision 0012) the whole admission is one transaction: the due date
/// (and, when the checks fail, the rejection) on the application row, the receipt's and the checks' audit rows, and
/// the acknowledgement's outbox row.
public sealed class AdmitApplicationActivity(
    AcknowledgeReceiptActivity acknowledge,
    ValidateApplicationActivity validate,
    AdmissionCommit admissions,
    FaultInjection faults)
{
    public async Task<ValidationOutcome> RunAsync(Acknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        if (await acknowledge.PrepareAsync(acknowledgement) is { } admission)
        {
            var check = validate.Check(admission.Application);
            await admissions.CommitAsync(admission, check, acknowledgement.DecisionDueAt);
            faults.AfterSideEffect(ActivityNames.ValidateApplication, acknowledgement.Reference);
            faults.AfterSideEffect(ActivityNames.AdmitApplication, acknowledgement.Reference);
            return check.Outcome;
        }

        // The checks run on the row the acknowledgement has just read: nothing else writes it while it is Received
        // (corrections come only after a request for changes), and a rejection's status write is conditional anyway.
        var application = await acknowledge.RunAsync(acknowledgement, queued: true);
        var outcome = await validate.RunAsync(application);
        faults.AfterSideEffect(ActivityNames.AdmitApplication, acknowledgement.Reference);
        return outcome;
    }
}
