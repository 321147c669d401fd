using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Tokens;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Circuits;

/// <summary>A valid circuit link: the application, its step, and who acts (with the quality their signature will carry).</summary>
public sealed record OpenedCircuitLink(CircuitGrant Grant, LoadedApplication Application, CircuitStepPlan Step, IReadOnlyList<CircuitStepPlan> Plan, string ActorName, string Email, string Capacity, DecisionHistory History);

/// <summary>
/// Checks a circuit link before anything is shown or done, and says why it cannot serve: forged or damaged, expired,
/// of an application that ended or was withdrawn, of a step or pass the circuit has left, already used (by whom and
/// when), or of a person who may no longer act (an agent no longer in charge of the procedure, a signatory no longer
/// named, a delegation that does not cover the procedure or is not in force today).
/// </summary>
public sealed class CircuitLinks(CircuitTokens tokens, ApplicationLoader loader, DecisionDrafts drafts, CircuitSigners signers, LinkHolders holders, TimeProvider clock)
{
    public async Task<(OpenedCircuitLink? Link, WrittenResult? Refusal)> OpenAsync(string token, CancellationToken cancellationToken)
    {
        var check = tokens.Check(token);
        if (check.Problem is TokenProblem.Malformed or TokenProblem.BadSignature or TokenProblem.UnknownKey)
        {
            return (null, Page(403, "Lien non valide", "Ce lien n'est pas valide : il a pu être modifié ou mal copié. Utilisez le lien reçu par courriel."));
        }

        var grant = check.Grant!;
        // The whole history in one read: it says whether the step was taken, who drafted, and what the page shows.
        var history = await drafts.HistoryAsync(grant.Reference, cancellationToken);
        if (history.ActionAt(grant.Pass, grant.Step) is { } done)
        {
            return (null, Page(409, "Étape déjà traitée", $"Cette étape a déjà été traitée : {CircuitPage.Verb(done.Action)} par {done.ActorName} le {ApplicationSummary.DateTime(done.At, Language.French)}. Ce lien ne peut plus servir."));
        }

        if (check.Problem == TokenProblem.Expired)
        {
            return (null, Page(410, "Lien expiré", $"Ce lien a expiré le {ApplicationSummary.DateTime(grant.ExpiresAt, Language.French)}. Une relance vous apportera un nouveau lien."));
        }

        var application = await loader.FindAsync(grant.Reference, cancellationToken);
        if (application is null || application.Procedure.SignatureCircuit is not { } circuit)
        {
            return (null, Page(404, "Demande introuvable", "Cette demande n'existe plus."));
        }

        var record = application.Record;
        if (record.StatusValue == ApplicationStatus.Withdrawn || record.AwaitsWithdrawal)
        {
            return (null, Page(409, "Demande retirée", "Le demandeur a retiré cette demande : aucune décision n'est plus attendue."));
        }

        if (record.StatusValue != ApplicationStatus.AwaitingSignature && !(record.StatusValue == ApplicationStatus.Incident && record.StatusBeforeIncident == nameof(ApplicationStatus.AwaitingSignature)))
        {
            return (null, Page(409, "Décision close", $"Cette demande n'attend plus de visa ni de signature ({record.StatusValue.Label().Fr.ToLowerInvariant()})."));
        }

        if (record.DecisionPass != grant.Pass || record.DecisionStep != grant.Step)
        {
            return (null, Page(409, "Lien dépassé", "Ce lien concerne une étape que la décision a quittée (elle a été renvoyée, modifiée ou a avancé depuis). Utilisez le lien du courriel le plus récent."));
        }

        if (history.Versions.Count == 0)
        {
            return (null, Page(404, "Demande introuvable", "Cette demande n'a pas de projet de décision."));
        }

        var drafter = history.Versions[0].Author;
        var plan = CircuitPlans.Steps(circuit, application.Commune, drafter);
        if (grant.Step >= plan.Count)
        {
            return (null, Page(403, "Lien non valide", "Cette étape n'existe pas dans le circuit de la démarche."));
        }

        var step = plan[grant.Step];
        if (step.Kind == CircuitStepKind.Draft)
        {
            return grant.Actor == drafter && holders.InCharge(drafter, application.Commune.Id, application.Procedure.Id)
                ? (new OpenedCircuitLink(grant, application, step, plan, drafter, drafter, "rédacteur de la décision", history), null)
                : (null, Page(403, "Lien révoqué", "Votre adresse n'est plus chargée de cette démarche dans le catalogue de la commune : ce lien ne peut plus servir."));
        }

        var (signer, refusal) = signers.Check(application.Commune.Id, application.Procedure.Id, step, grant.Actor, ParisToday.Of(clock));
        return signer is null
            ? (null, Page(403, "Vous ne pouvez pas agir à cette étape", refusal!))
            : (new OpenedCircuitLink(grant, application, step, plan, signer.Signatory.Name, signer.Signatory.Email, signer.Capacity, history), null);
    }

    private static WrittenResult Page(int status, string title, string message) =>
        PageResults.Page(status, Html.Message(title, message, status >= 400 && status != 409 ? "error" : "notice", Language.French, Html.PlatformName));
}
