using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Tokens;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Retention;

/// <summary>
/// The agent's side of an erasure request. <c>GET /api/erasure/{token}</c> shows what will be erased and changes
/// nothing; <c>POST</c> confirms and runs the erasure at once (the same code as the retention timer). The link works
/// once: after the erasure every link of that application says when it was erased. Forged, foreign or expired links
/// are refused with a page that says why.
/// </summary>
public sealed partial class ErasureConfirmationHandler(
    ErasureTokens tokens,
    ApplicationLoader loader,
    RetentionIndex index,
    ApplicationEraser eraser,
    LinkHolders holders,
    TimeProvider clock,
    ILogger<ErasureConfirmationHandler> logger)
{
    public async Task<IActionResult> ShowAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        var (grant, application, refusal) = await CheckAsync(token, cancellationToken);
        return refusal ?? PageResults.Page(200, ConfirmationPage(application!, grant!, Routes.ErasureConfirmationPath(token)));
    }

    public async Task<IActionResult> ConfirmAsync(HttpRequest request, string token, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var (grant, application, refusal) = await CheckAsync(token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        // Due now in the index first: if this request dies half-way, the retention timer finishes the erasure.
        var now = clock.GetUtcNow();
        await index.EraseNowAsync(application!.Reference, now, ErasureReason.Request, cancellationToken);
        var tombstone = await eraser.EraseAsync(application.Reference, ErasureReason.Request, AuditActors.Agent(grant!.Reviewer), durable, cancellationToken);
        await index.RemoveAsync(new DueRow(RetentionStep.Erase, RetentionIndex.Partition(RetentionStep.Erase, now), application.Reference, now, ErasureReason.Request), cancellationToken);
        LogErased(application.Reference, grant.Reviewer);
        return Page(
            200,
            "Données effacées",
            $"Les données personnelles de la demande {application.Reference} ont été effacées le {ApplicationSummary.DateTime(tombstone!.ErasedAt, Language.French)} : informations saisies, pièces jointes, PDF de l'attestation et adresse du demandeur. L'historique est conservé sans données personnelles ; l'attestation reste vérifiable par son empreinte.",
            "ok");
    }

    private async Task<(ErasureGrant? Grant, LoadedApplication? Application, IActionResult? Refusal)> CheckAsync(string token, CancellationToken cancellationToken)
    {
        var check = tokens.Check(token);
        if (check.Problem is TokenProblem.Malformed or TokenProblem.BadSignature or TokenProblem.UnknownKey)
        {
            LogRefused(check.Problem);
            return (null, null, Page(403, "Lien non valide", "Ce lien d'effacement n'est pas valide : il a pu être modifié ou mal copié. Utilisez le lien reçu par courriel.", "error"));
        }

        var application = await loader.FindAsync(check.Grant!.Reference, cancellationToken);
        if (application is null)
        {
            return (null, null, Page(404, "Demande introuvable", $"La demande {check.Grant.Reference} n'existe pas.", "error"));
        }

        if (!holders.InCharge(check.Grant.Reviewer, application.Commune.Id, application.Procedure.Id))
        {
            LogNoLongerInCharge(application.Reference);
            return (null, null, Page(403, "Lien révoqué", "Votre adresse n'est plus chargée de cette démarche dans le catalogue de la commune : ce lien ne peut plus servir.", "error"));
        }

        if (application.Record.ErasedAt is { } erasedAt)
        {
            return (null, null, Page(409, "Déjà effacée", $"Les données personnelles de la demande {application.Reference} ont déjà été effacées le {ApplicationSummary.DateTime(erasedAt, Language.French)}. Ce lien ne peut plus servir.", "notice"));
        }

        if (check.Problem == TokenProblem.Expired)
        {
            return (null, null, Page(410, "Lien expiré", $"Ce lien d'effacement a expiré le {ApplicationSummary.DateTime(check.Grant.ExpiresAt, Language.French)}. Le demandeur peut renouveler sa demande ; adressez-vous à l'administrateur du service.", "error"));
        }

        if (!application.Record.StatusValue.IsFinal() || await index.FindRequestAsync(application.Reference, cancellationToken) is null)
        {
            return (null, null, Page(409, "Aucune demande d'effacement", $"La demande {application.Reference} n'a pas de demande d'effacement en attente.", "error"));
        }

        return (check.Grant, application, null);
    }

    private static string ConfirmationPage(LoadedApplication application, ErasureGrant grant, string postPath)
    {
        var record = application.Record;
        var body = new StringBuilder();
        body.Append(Html.Table([
            ("Démarche", application.Procedure.Title.Fr),
            ("Référence", application.Reference),
            ("État", record.StatusValue.Label().Fr),
            ("Déposée le", ApplicationSummary.DateTime(record.SubmittedAt, Language.French)),
            ("Attestation", record.CertificateNumber ?? "aucune"),
        ]));
        body.Append("<p class=\"notice\">Le demandeur demande l'effacement de ses données. Confirmer supprime définitivement les informations saisies, les pièces jointes, le PDF de l'attestation et son adresse électronique. Restent : l'historique sans données personnelles, la décision et, pour l'attestation, son numéro et son empreinte (elle reste vérifiable).</p>");
        body.Append("<form method=\"post\" action=\"/api/").Append(Html.E(postPath)).Append("\">")
            .Append("<p class=\"help\">Vous agissez en tant que ").Append(Html.E(grant.Reviewer)).Append(".</p>")
            .Append("<button type=\"submit\" class=\"danger\">Confirmer l'effacement</button>")
            .Append("</form>");
        return Html.Page($"Effacement des données – {application.Reference}", body.ToString(), Language.French, application.Commune.Name);
    }

    private static WrittenResult Page(int status, string title, string message, string cssClass) =>
        PageResults.Page(status, Html.Message(title, message, cssClass, Language.French, Html.PlatformName));

    [LoggerMessage(Level = LogLevel.Information, Message = "Personal data of {Reference} erased on the request of its applicant, confirmed by {Reviewer}")]
    private partial void LogErased(string reference, string reviewer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application {Reference}: an erasure link of an agent no longer in charge of its procedure was refused")]
    private partial void LogNoLongerInCharge(string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasure link refused: {Problem}")]
    private partial void LogRefused(TokenProblem problem);
}
