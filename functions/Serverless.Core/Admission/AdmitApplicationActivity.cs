using Serverless.Core.Receipts;
using Serverless.Core.Workflow;

namespace Serverless.Core.Admission;

/// <summary>
/// Version 3's first step: the acknowledgement of receipt (queued for the e-mail dispatcher) and the automatic checks,
/// in one activity instead of two. Both parts are idempotent (start request applied, audit insert-only, outbox row).
/// </summary>
public sealed class AdmitApplicationActivity(AcknowledgeReceiptActivity acknowledge, ValidateApplicationActivity validate, FaultInjection faults)
{
    public async Task<ValidationOutcome> RunAsync(Acknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        // The checks run on the row the acknowledgement has just read: nothing else writes it while it is Received
        // (corrections come only after a request for changes), and a rejection's status write is conditional anyway.
        var application = await acknowledge.RunAsync(acknowledgement, queued: true);
        var outcome = await validate.RunAsync(application);
        faults.AfterSideEffect(ActivityNames.AdmitApplication, acknowledgement.Reference);
        return outcome;
    }
}
