using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Drafts;

/// <summary>
/// Opens the draft a signed address names, or answers why it cannot: no such draft (or another procedure's), already
/// sent, expired. The page for a browser, a problem (or the reference) for a script.
/// </summary>
public sealed class DraftOpening(ProcedureCatalog catalog, DraftTokens tokens, DraftStore drafts, TimeProvider clock)
{
    private static readonly Text NotFoundTitle = new("Brouillon introuvable", "Draft not found");

    private static readonly Text AlreadySentTitle = new("Demande déjà envoyée", "Application already sent");

    private static readonly Text AlreadySentDetail = new(
        "Ce brouillon a été envoyé sous la référence {0}. Suivez la demande avec le lien de l'accusé de réception reçu par courriel.",
        "This draft was sent as application {0}. Follow it with the link in the acknowledgement e-mail.");

    public async Task<(ProcedureDefinition? Procedure, DraftRecord? Draft, IActionResult? Refusal)> OpenAsync(HttpRequest request, string procedureId, string token, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var procedure = catalog.Find(procedureId);
        var draftId = tokens.Open(token);
        var draft = procedure is null || draftId is null ? null : await drafts.FindAsync(draftId, cancellationToken);
        if (draft is null || draft.ProcedureId != procedureId)
        {
            return (null, null, Refuse(request, 404, NotFoundTitle, new("Aucun brouillon ne correspond à cette adresse : il a peut-être été supprimé à son expiration.", "No draft matches this address: it may have been deleted when it expired."), language, null));
        }

        var commune = catalog.CommuneOf(procedure!);
        if (draft.SubmittedReference is { } reference)
        {
            // Already sent (a second click, a resume link opened later). The draft's link is not the application's
            // key: whoever holds it (a forwarded e-mail, a shared computer) learns the reference, never the access code.
            return (null, null, Results.WantsHtml(request)
                ? Refuse(request, 409, AlreadySentTitle, AlreadySentDetail, language, commune, reference)
                : Results.JsonBody(409, new { reference }));
        }

        if (draft.ExpiresAt <= clock.GetUtcNow())
        {
            return (null, null, Refuse(request, 410, new("Brouillon expiré", "Draft expired"), new("Ce brouillon a expiré le {0} : il va être supprimé. Vous pouvez commencer une nouvelle demande.", "This draft expired on {0}: it is being deleted. You can start a new application."), language, commune, ApplicationSummary.DateTime(draft.ExpiresAt, language)));
        }

        return (procedure, draft, null);
    }

    private static WrittenResult Refuse(HttpRequest request, int status, Text title, Text detail, Language language, CommuneDefinition? commune, params object[] args)
    {
        var identity = commune is null ? PageIdentity.Platform(Html.PlatformName) : PageIdentity.Of(commune);
        return Results.WantsHtml(request)
            ? PageResults.Page(status, Html.Message(title.In(language), detail.Format(language, args), "error", language, identity))
            : Problems.Simple(status, status == 404 ? "not-found" : "draft-expired", title, new(detail.Format(Language.French, args), detail.Format(Language.English, args)), language, request.Path.Value ?? string.Empty);
    }
}
