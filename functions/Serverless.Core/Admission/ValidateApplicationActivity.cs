using Serverless.Core.Applications;
using Serverless.Core.Workflow;
using Serverless.Platform.Localization;

namespace Serverless.Core.Admission;

/// <summary>
/// Runs the procedure's rules again on the stored application when the workflow starts: rules that depend on the
/// date (open school years, age windows) can change between submission and processing.
/// </summary>
public sealed class ValidateApplicationActivity(ApplicationLoader loader, ApplicationStatusWriter status, AuditTrail audit, FaultInjection faults, TimeProvider clock)
{
    public async Task<ValidationOutcome> RunAsync(string reference) =>
        await RunAsync(await loader.GetAsync(reference, CancellationToken.None));

    /// <summary>
    /// The checks without writing (partition layout, decision 0012): the outcome, the audit row that records it, and
    /// the rejection's status change when they fail, for the admission's one transaction.
    /// </summary>
    public (ValidationOutcome Outcome, Azure.Data.Tables.TableEntity AuditRow, StatusChange? Rejection) Check(LoadedApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var submittedOn = DateOnly.FromDateTime(application.Record.SubmittedAt.UtcDateTime);
        var errors = application.Procedure.Rules.Check(application.Values, submittedOn).ToList();
        var now = clock.GetUtcNow();
        if (errors.Count == 0)
        {
            return (new ValidationOutcome(true, []), audit.NewRow(application.Reference, AuditSteps.Validation, new AuditEntry(AuditAction.Validated, now, AuditActors.System, string.Empty)), null);
        }

        var detail = string.Join(" ", errors.Select(error => error.Message.In(Language.French)));
        return (
            new ValidationOutcome(false, [.. errors.Select(error => error.Message.In(application.Language))]),
            audit.NewRow(application.Reference, AuditSteps.Validation, new AuditEntry(AuditAction.ValidationFailed, now, AuditActors.System, detail)),
            new StatusChange(ApplicationStatus.Rejected) { DecisionReason = detail });
    }

    /// <summary>On an application the calling step has just read (admission: the acknowledgement's read).</summary>
    public async Task<ValidationOutcome> RunAsync(LoadedApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var reference = application.Reference;
        var submittedOn = DateOnly.FromDateTime(application.Record.SubmittedAt.UtcDateTime);
        var errors = application.Procedure.Rules.Check(application.Values, submittedOn).ToList();
        var reasons = errors.Select(error => error.Message.In(application.Language)).ToList();
        var now = clock.GetUtcNow();
        if (errors.Count == 0)
        {
            await audit.RecordAsync(reference, AuditSteps.Validation, new AuditEntry(AuditAction.Validated, now, AuditActors.System, string.Empty), CancellationToken.None);
            faults.AfterSideEffect(ActivityNames.ValidateApplication, reference);
            return new ValidationOutcome(true, []);
        }

        var detail = string.Join(" ", errors.Select(error => error.Message.In(Language.French)));
        await status.TransitionAsync(reference, new StatusChange(ApplicationStatus.Rejected) { DecisionReason = detail }, CancellationToken.None);
        await audit.RecordAsync(reference, AuditSteps.Validation, new AuditEntry(AuditAction.ValidationFailed, now, AuditActors.System, detail), CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.ValidateApplication, reference);
        return new ValidationOutcome(false, reasons);
    }
}
