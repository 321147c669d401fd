namespace Serverless.Core.Workflow.Activities;

/// <summary>
/// Version 3's first step: the acknowledgement of receipt (queued for the e-mail dispatcher) and the automatic checks,
/// in one activity instead of two. Both parts are idempotent (start request applied, audit insert-only, outbox row).
/// </summary>
public sealed class AdmitApplicationActivity(AcknowledgeReceiptActivity acknowledge, ValidateApplicationActivity validate, FaultInjection faults)
{
    public async Task<ValidationOutcome> RunAsync(Acknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        await acknowledge.RunAsync(acknowledgement, queued: true);
        var outcome = await validate.RunAsync(acknowledgement.Reference);
        faults.AfterSideEffect(ActivityNames.AdmitApplication, acknowledgement.Reference);
        return outcome;
    }
}
