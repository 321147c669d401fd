using Serverless.Core.Applications;
using Serverless.Core.Workflow;

namespace Serverless.Core.Circuits;

/// <summary>
/// Applies the action a person recorded at a circuit step: a submitted or amended text becomes a new version (kept
/// for ever with who, when and why), a visa or the signature is added to the pass's document as a PDF signature of
/// the person's own key, a send-back is kept with its comment; each with its audit entry (hence its leaf in the
/// commune's transparency log). Idempotent: the version row, the signed document (first writer wins, so a decision is
/// never signed twice) and the audit entries are conditional writes; the recorded request is forgotten last.
/// </summary>
public sealed class ApplyCircuitActionActivity(
    ApplicationLoader loader,
    DecisionDrafts drafts,
    DecisionDocuments documents,
    CircuitSigners signers,
    AuditTrail audit,
    PendingRequests pending,
    FaultInjection faults)
{
    public async Task<CircuitStepResult> RunAsync(CircuitStepAction request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reference = request.Plan.Reference;
        var step = request.Plan.Steps[request.Step];
        var action = await drafts.FindActionAsync(reference, request.Pass, request.Step, CancellationToken.None)
            ?? throw new InvalidOperationException($"Application {reference}: no action is recorded at step {request.Step} of pass {request.Pass}.");
        var version = request.Version;
        string detail;
        switch (action.Action)
        {
            case CircuitAction.Submit or CircuitAction.Amend:
                var current = (await drafts.VersionsAsync(reference, CancellationToken.None)).Single(candidate => candidate.Number == version);
                if (action.Title is not null && action.Body is not null
                    && (action.Action == CircuitAction.Amend || TextDiff.Differs(current.Title, action.Title) || TextDiff.Differs(current.Body, action.Body)))
                {
                    version++;
                    var amended = new DecisionVersion(version, action.Title, action.Body, action.ActorName, action.At, action.Comment);
                    await drafts.AddVersionAsync(reference, amended, CancellationToken.None);
                    await audit.RecordAsync(reference, AuditSteps.DecisionVersion(version), new AuditEntry(AuditAction.DecisionAmended, action.At, AuditActors.Agent(action.Actor), $"Version {version} : {action.Comment}"), CancellationToken.None);
                }

                detail = action.Action == CircuitAction.Submit ? $"Version {version} soumise au circuit" : $"Version {version} rédigée par {action.ActorName} ; les visas reprennent";
                break;
            case CircuitAction.Approve or CircuitAction.Sign:
                var application = await loader.GetAsync(reference, CancellationToken.None);
                var signatory = signers.Find(application.Commune.Id, action.Actor)
                    ?? throw new NonRetryableException($"Application {reference}: the signatory {action.Actor} is no longer in the commune's catalogue.");
                var signer = new CircuitSigner(signatory, action.Capacity ?? signatory.Title, null);
                await documents.SignAsync(application, request.Plan, version, request.Pass, step, signer, action.At, CancellationToken.None);
                detail = $"{signatory.Name}, {signer.Capacity}{(action.SecondFactor is { } factor ? $" ; {factor}" : string.Empty)}";
                break;
            default:
                detail = $"Renvoyé par {action.ActorName} : {action.Comment}";
                break;
        }

        var kind = action.Action switch
        {
            CircuitAction.Submit => AuditAction.DecisionSubmitted,
            CircuitAction.Approve => AuditAction.DecisionVisaed,
            CircuitAction.Sign => AuditAction.DecisionSigned,
            CircuitAction.Amend => AuditAction.DecisionAmended,
            _ => AuditAction.DecisionSentBack,
        };
        await audit.RecordAsync(reference, AuditSteps.CircuitActed(request.Pass, request.Step), new AuditEntry(kind, action.At, AuditActors.Agent(action.Actor), detail), CancellationToken.None);
        await pending.CompleteAsync(reference, RequestKind.CircuitAction, CircuitRequests.Round(request.Pass, request.Step), CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.ApplyCircuitAction, reference);
        return new CircuitStepResult(action.Action, version);
    }
}
