using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Platform.Configuration;

namespace Serverless.Core.Retention;

/// <summary>
/// The retention timer's run (a timer function in Azure, a loop in the local host). It reads only the index rows due
/// now: warnings first (the citizen's e-mail through the outbox, once), then erasures, then the purge of decided
/// applications' orchestration instances, and tells the agents of any erasure request whose e-mail could not go out. A row is removed only once its step is done, so a run that dies
/// half-way is completed by the next one; one application that fails does not hold up the others.
/// </summary>
public sealed partial class RetentionSweep(
    RetentionIndex index,
    ApplicationLoader loader,
    ApplicationEraser eraser,
    WorkflowPurger purger,
    BackOffice.AgentSessions sessions,
    BackOffice.SignInLinks signIns,
    CitizenAccounts.CitizenSessions citizenSessions,
    CitizenAccounts.CitizenSignIns citizenSignIns,
    ErasureRequestNotifier requests,
    EmailOutbox outbox,
    AuditTrail audit,
    CitizenAccessCodes accessCodes,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock,
    ILogger<RetentionSweep> logger)
{
    public async Task RunAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var row in await index.DueAsync(RetentionStep.Warn, now, cancellationToken))
        {
            await RunStepAsync(row, () => WarnAsync(row.Reference, cancellationToken), cancellationToken);
        }

        foreach (var request in await index.UnnotifiedRequestsAsync(cancellationToken))
        {
            if (await loader.FindAsync(request.Reference, cancellationToken) is { Record.ErasedAt: null } application)
            {
                await requests.NotifyAsync(application, request, cancellationToken);
            }
        }

        foreach (var row in await index.DueAsync(RetentionStep.Erase, now, cancellationToken))
        {
            await RunStepAsync(row, () => eraser.EraseAsync(row.Reference, row.Reason, AuditActors.System, durable, cancellationToken), cancellationToken);
        }

        // The back office's own traces of agents: expired sessions and used sign-in links past their lifetime.
        await sessions.ForgetExpiredAsync(cancellationToken);
        await signIns.ForgetSpentAsync(cancellationToken);

        // The citizens' FranceConnect traces: expired sessions (they hold the verified identity) and sign-ins never back.
        await citizenSessions.ForgetExpiredAsync(cancellationToken);
        await citizenSignIns.ForgetExpiredAsync(cancellationToken);

        foreach (var row in await index.DueAsync(RetentionStep.PurgeWorkflow, now, cancellationToken))
        {
            await RunStepAsync(
                row,
                async () =>
                {
                    if (!await purger.PurgeAsync(durable, row.Reference, cancellationToken))
                    {
                        throw new InvalidOperationException($"The workflow of {row.Reference} has not ended yet.");
                    }
                },
                cancellationToken);
        }
    }

    /// <summary>Warns the citizen (once: outbox) and records it; nothing to do for an application already erased or gone.</summary>
    public async Task WarnAsync(string reference, CancellationToken cancellationToken)
    {
        if (await loader.FindAsync(reference, cancellationToken) is not { } application
            || application.Record.ErasedAt is not null
            || !application.Record.StatusValue.IsFinal()
            || await index.FindScheduleAsync(reference, cancellationToken) is not { } schedule)
        {
            return;
        }

        if (application.Record.CitizenEmail.Length > 0)
        {
            var code = accessCodes.For(reference, application.Record.AccessKeyId);
            await outbox.SendOnceAsync(
                reference,
                OutboxSteps.RetentionWarning,
                RetentionEmails.Warning(
                    application,
                    schedule.EraseAt,
                    urls.Value.Api(Routes.StatusPath(application.Procedure.Id, reference, code)),
                    urls.Value.Api(Routes.ArchivePath(application.Procedure.Id, reference, code))),
                cancellationToken);
        }

        await audit.RecordAsync(reference, AuditSteps.RetentionWarning, new AuditEntry(AuditAction.RetentionWarningSent, clock.GetUtcNow(), AuditActors.System, string.Empty), cancellationToken);
    }

    private async Task RunStepAsync(DueRow row, Func<Task> step, CancellationToken cancellationToken)
    {
        try
        {
            await step();
            await index.RemoveAsync(row, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogStepFailed(exception, row.Step, row.Reference);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention {Step} of {Reference} failed; the next run tries again")]
    private partial void LogStepFailed(Exception exception, RetentionStep step, string reference);
}
