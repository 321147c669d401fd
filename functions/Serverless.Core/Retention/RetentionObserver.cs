using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;

namespace Serverless.Core.Retention;

/// <summary>
/// When an application reaches a final status (Approved, Rejected, Withdrawn, Abandoned), schedules the warning and
/// the erasure of its personal data from the retention period of the procedure version it was submitted under. An
/// application under instruction is never scheduled, so it never expires. Also schedules the purge of its orchestration
/// instance after <see cref="RetentionOptions.WorkflowPurgeGrace"/>. Idempotent: the first schedule stays.
/// </summary>
public sealed partial class RetentionObserver(
    ApplicationLoader loader,
    RetentionIndex index,
    IOptions<RetentionOptions> options,
    ILogger<RetentionObserver> logger) : IStatusChangeObserver
{
    public async Task OnStatusChangedAsync(StatusChanged changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (!changed.To.IsFinal())
        {
            return;
        }

        // The row the status writer has just written names the procedure version: no read of the application.
        if (await loader.ProcedureOfAsync(changed.Row.GetString(nameof(ApplicationRecord.ProcedureId)), changed.Row.GetString(nameof(ApplicationRecord.ProcedureVersion)), cancellationToken) is not { } application)
        {
            LogNoProcedure(changed.Reference);
            return;
        }

        var months = application.Procedure.RetentionMonths;
        var (warnAt, eraseAt) = options.Value.Schedule(changed.At, months);
        var schedule = await index.ScheduleAsync(
            new RetentionSchedule(changed.Reference, application.Commune.Id, application.Procedure.Id, months, changed.At, warnAt, eraseAt),
            cancellationToken);
        // From the schedule in force (the first decision time recorded), not this call's: a step that runs again
        // later must upsert the same purge row, not add a second one at a later time.
        await index.SchedulePurgeAsync(changed.Reference, schedule.DecidedAt + options.Value.WorkflowPurgeGrace, cancellationToken);
        LogScheduled(changed.Reference, schedule.EraseAt);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application {Reference} is final but its procedure version is gone: no retention schedule")]
    private partial void LogNoProcedure(string reference);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Application {Reference}: personal data kept until {EraseAt}")]
    private partial void LogScheduled(string reference, DateTimeOffset eraseAt);
}
