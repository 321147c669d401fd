using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>What one sweep found: pending applications looked at, workflows restarted, and those left to a person.</summary>
public sealed record LostWorkflowSweepResult(int Checked, int Restarted, int Unsafe);

/// <summary>
/// No pending application without a live workflow. Compares every pending application (<see cref="ApplicationRepository.PendingAsync"/>)
/// with its instance; one whose instance is missing (purged, task hub renamed or recreated), failed (after its
/// incident retries) or ended without deciding is restarted as version 5 from its recorded state
/// (<see cref="LostWorkflowPlan"/>): an audit entry per restart, the old instance's history purged, the decision or
/// correction recorded meanwhile put back in <see cref="PendingRequests"/> so the request sweeper delivers it once the
/// new instance waits. The restarted instance itself opens the incident (status page) and tells the administrator.
/// When restarting is not safe (the record does not say where it stood, the procedure version cannot be read, or it
/// was restarted <see cref="WorkflowResume.MaxRestarts"/> times already) the administrator is e-mailed once and the
/// application waits for a person. Idempotent: a restart is keyed by its number, and a live instance is never touched.
/// Run hourly by a timer (Functions) or a loop (local host).
/// </summary>
public sealed partial class LostWorkflowSweep(
    ApplicationRepository applications,
    ApplicationLoader loader,
    ReviewDecisions decisions,
    PendingRequests pending,
    AuditTrail audit,
    EmailOutbox outbox,
    WorkflowStarter starter,
    TimeProvider clock,
    ILogger<LostWorkflowSweep> logger)
{
    /// <summary>The outbox step of the one notice for an application that cannot be restarted safely.</summary>
    public const string UnsafeNoticeStep = "workflow-lost-unsafe";

    public Task<LostWorkflowSweepResult> SweepAsync(DurableTaskClient durable, CancellationToken cancellationToken) =>
        SweepAsync(durable, static _ => true, cancellationToken);

    /// <summary>
    /// The sweep over the references <paramref name="inScope"/> accepts: a deployment has one storage account and one
    /// task hub, but tests share one Azurite between hosts of different task hubs, where another host's applications
    /// would look lost.
    /// </summary>
    public async Task<LostWorkflowSweepResult> SweepAsync(DurableTaskClient durable, Func<string, bool> inScope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(inScope);
        int looked = 0, restarted = 0, left = 0;
        await foreach (var record in applications.PendingAsync(cancellationToken))
        {
            if (!inScope(record.Reference))
            {
                continue;
            }

            looked++;
            var instance = await durable.GetInstanceAsync(ApplicationReference.InstanceId(record.Reference), getInputsAndOutputs: false, cancellationToken);
            if (Cause(instance) is not { } cause
                || (instance is null && await pending.ExistsAsync(record.Reference, RequestKind.Start, 0, cancellationToken)))
            {
                // Alive, or not started yet (its recorded start is the request sweeper's to finish).
                continue;
            }

            switch (await RestartAsync(durable, record.Reference, instance, cause, cancellationToken))
            {
                case true:
                    restarted++;
                    break;
                case false:
                    left++;
                    break;
            }
        }

        if (restarted + left > 0)
        {
            LogSwept(looked, restarted, left);
        }

        return new LostWorkflowSweepResult(looked, restarted, left);
    }

    /// <summary>Why the instance no longer carries the application, or null when it does (running, pending, suspended).</summary>
    private static string? Cause(OrchestrationMetadata? instance) => instance?.RuntimeStatus switch
    {
        null => "Instance du traitement introuvable (purgée, ou task hub renommé ou recréé) / workflow instance missing",
        OrchestrationRuntimeStatus.Failed => $"Instance du traitement en échec / workflow instance failed: {Shorten(instance.FailureDetails?.ErrorMessage)}",
        OrchestrationRuntimeStatus.Terminated => "Instance du traitement arrêtée / workflow instance terminated",
        OrchestrationRuntimeStatus.Completed => "Instance du traitement terminée sans décision / workflow instance ended without a decision",
        _ => null,
    };

    private static string Shorten(string? message) => message is null ? "?" : message.Length > 200 ? message[..200] + "…" : message;

    /// <summary>True when restarted, false when left to a person, null when there was nothing to do after all.</summary>
    private async Task<bool?> RestartAsync(DurableTaskClient durable, string reference, OrchestrationMetadata? instance, string cause, CancellationToken cancellationToken)
    {
        // Read again now that the instance is known ended: it may have decided between the scan and that look.
        if (await loader.FindAsync(reference, cancellationToken) is not { } application)
        {
            LogCannotLoad(reference);
            return false;
        }

        var record = application.Record;
        if (!record.StatusValue.IsPending() || record.ErasedAt is not null)
        {
            return null;
        }

        var steps = await audit.StepsAsync(reference, cancellationToken);
        var restart = 1 + steps.Keys.Count(step => step.StartsWith(AuditSteps.WorkflowLostPrefix, StringComparison.Ordinal));
        var rounds = new Dictionary<int, RecordedDecision>();
        for (var round = 1; round <= Math.Max(1, record.ReviewRound); round++)
        {
            if (await decisions.FindAsync(reference, round, cancellationToken) is { } decision)
            {
                rounds[round] = decision;
            }
        }

        var (resume, why) = restart > WorkflowResume.MaxRestarts
            ? (null, $"already restarted {WorkflowResume.MaxRestarts} times")
            : application.Procedure.SignatureCircuit is not null
                // The resumed path (version 5) has no signature circuit: it would issue an unsigned decision.
                ? (null, "its procedure has a signature circuit, which the resumed path does not run; the decision's versions and actions are kept")
                : application.Procedure.Payment is not null
                    // Nor the payment's wait: it would hand an unpaid application to agents, or issue an unpaid certificate.
                    ? (null, "its procedure has a price, which the resumed path does not collect; the payment's rows are kept")
                    : LostWorkflowPlan.From(record, rounds, steps, restart, cause);
        if (resume is null)
        {
            LogUnsafe(reference, why!);
            var notice = new IncidentNotice(reference, restart * WorkflowResume.IncidentsPerRestart, ApplicationWorkflowV4.LostWorkflowStep, $"{cause} — non relancée / not restarted: {why}");
            await outbox.SendOnceAsync(reference, UnsafeNoticeStep, AdministratorEmails.LostWorkflow(application, notice, restarted: false), cancellationToken);
            return false;
        }

        await RecordRequestsAgainAsync(record, resume, rounds, steps, cancellationToken);
        await audit.RecordAsync(reference, AuditSteps.WorkflowLost(restart), new AuditEntry(AuditAction.WorkflowRecovered, clock.GetUtcNow(), AuditActors.System, cause), cancellationToken);
        var instanceId = ApplicationReference.InstanceId(reference);
        if (instance is not null)
        {
            // An ended instance keeps its id: its history goes (the audit trail keeps what happened) so the id is free.
            await durable.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        }

        var input = starter.Input(application.Procedure, reference, record.SubmittedAt) with { WorkflowVersion = WorkflowNames.ResumedVersion, Resume = resume };
        await WorkflowStarter.StartAsync(durable, input, cancellationToken);
        LogRestarted(reference, restart, resume.Stage, resume.Round);
        return true;
    }

    /// <summary>
    /// A decision on the current round, or a correction, recorded while no instance could take it: put back for the
    /// request sweeper, which delivers it once the new instance waits for it (recording twice is one row).
    /// </summary>
    private async Task RecordRequestsAgainAsync(ApplicationRecord record, WorkflowResume resume, Dictionary<int, RecordedDecision> rounds, IReadOnlyDictionary<string, AuditEntry> steps, CancellationToken cancellationToken)
    {
        if (resume.Stage == ResumeStage.Review && rounds.TryGetValue(resume.Round, out var decision) && !decision.IsImplicit)
        {
            await pending.RecordAsync(record.Reference, RequestKind.Decision, resume.Round, decision.DecidedAt, cancellationToken);
        }

        if (resume.Stage == ResumeStage.Correction && record.CorrectedRound >= resume.Round && steps.TryGetValue(AuditSteps.Correction(resume.Round), out var corrected))
        {
            await pending.RecordAsync(record.Reference, RequestKind.Correction, resume.Round, corrected.At, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost-workflow sweep: {Checked} pending applications, {Restarted} restarted, {Unsafe} left to a person")]
    private partial void LogSwept(int @checked, int restarted, int @unsafe);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application {Reference}: workflow restarted (restart {Restart}) at {Stage}, round {Round}")]
    private partial void LogRestarted(string reference, int restart, ResumeStage stage, int round);

    [LoggerMessage(Level = LogLevel.Error, Message = "Application {Reference}: workflow lost and not restarted ({Reason}); the administrator is told")]
    private partial void LogUnsafe(string reference, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Application {Reference}: workflow lost and the application or its procedure version cannot be read")]
    private partial void LogCannotLoad(string reference);
}
