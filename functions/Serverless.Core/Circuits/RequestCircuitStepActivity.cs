using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Circuits;

/// <summary>
/// Asks the people of a circuit step to act. The first request moves the application to
/// <see cref="ApplicationStatus.AwaitingSignature"/> at this step (what the citizen's page says), with its audit entry
/// and every person's e-mail in one entity-group transaction (decision 0012); a reminder or the escalation writes its
/// audit entry and e-mails the same way without touching the status. Before a visa or the signature is asked, the
/// pass's document of the current version exists, so the first link opened can show it. A run after a crash finds its
/// audit row and only asks the dispatcher again (which sends each e-mail once).
/// </summary>
public sealed class RequestCircuitStepActivity(
    ApplicationLoader loader,
    DecisionDrafts drafts,
    DecisionDocuments documents,
    CircuitMessages messages,
    ApplicationStatusWriter status,
    AuditTrail audit,
    EmailOutbox outbox,
    FaultInjection faults,
    TimeProvider clock)
{
    public async Task RunAsync(CircuitStepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reference = request.Plan.Reference;
        var application = await loader.GetAsync(reference, CancellationToken.None);
        var step = request.Plan.Steps[request.Step];
        if (step.Kind != CircuitStepKind.Draft && request.Reminder == 0 && !request.Escalate)
        {
            var version = (await drafts.VersionsAsync(reference, CancellationToken.None)).FirstOrDefault(candidate => candidate.Number == request.Version)
                ?? throw new InvalidOperationException($"Application {reference}: version {request.Version} of its decision is not stored.");
            await documents.EnsureDraftAsync(application, request.Plan, version, request.Pass, CancellationToken.None);
        }

        var queued = await messages.PrepareAsync(application, request);
        var (stepKey, action) = request switch
        {
            { Escalate: true } => (AuditSteps.CircuitEscalated(request.Pass, step.Index), AuditAction.Escalated),
            { Reminder: > 0 } => (AuditSteps.CircuitRequested(request.Pass, step.Index, request.Reminder), AuditAction.ReminderSent),
            _ => (AuditSteps.CircuitRequested(request.Pass, step.Index, 0), AuditAction.DecisionStepRequested),
        };
        var entry = new AuditEntry(action, clock.GetUtcNow(), AuditActors.System, $"{step.Label} (étape {step.Index + 1} sur {request.Plan.Steps.Count}, passage {request.Pass}, version {request.Version})");
        var first = request is { Reminder: 0, Escalate: false };
        await status.CommitStepAsync(
            reference,
            application.Record,
            first ? _ => new StatusChange(ApplicationStatus.AwaitingSignature) { DecisionStep = step.Index, DecisionPass = request.Pass } : null,
            [audit.NewRow(reference, stepKey, entry)],
            queued,
            CancellationToken.None);
        await outbox.RequestDeliveriesAsync(queued, CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.RequestCircuitStep, reference);
    }
}
