using Serverless.Core.Applications;
using Serverless.Core.Localization;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>
/// Runs the procedure's rules again on the stored application when the workflow starts: rules that depend on the
/// date (open school years, age windows) can change between submission and processing.
/// </summary>
public sealed class ValidateApplicationActivity(ApplicationLoader loader, ApplicationRepository applications, AuditTrail audit, TimeProvider clock)
{
    public async Task<ValidationOutcome> RunAsync(string reference)
    {
        var application = await loader.GetAsync(reference, CancellationToken.None);
        var submittedOn = DateOnly.FromDateTime(application.Record.SubmittedAt.UtcDateTime);
        var errors = application.Procedure.Rules.Check(application.Values, submittedOn).ToList();
        var reasons = errors.Select(error => error.Message.In(application.Language)).ToList();
        var now = clock.GetUtcNow();
        if (errors.Count == 0)
        {
            await audit.RecordAsync(reference, "wf-020-validation", new AuditEntry(AuditAction.Validated, now, AuditActors.System, string.Empty), CancellationToken.None);
            return new ValidationOutcome(true, []);
        }

        var detail = string.Join(" ", errors.Select(error => error.Message.In(Language.French)));
        await applications.UpdateStatusAsync(reference, ApplicationStatus.Rejected, CancellationToken.None, detail);
        await audit.RecordAsync(reference, "wf-020-validation", new AuditEntry(AuditAction.ValidationFailed, now, AuditActors.System, detail), CancellationToken.None);
        return new ValidationOutcome(false, reasons);
    }
}
