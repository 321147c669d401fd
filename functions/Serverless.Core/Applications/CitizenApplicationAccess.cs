using Microsoft.AspNetCore.Http;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Applications;

/// <summary>
/// Finds an application for its citizen: the reference and the access code must match, otherwise the answer is the
/// same 404 whether the reference exists or not, so references cannot be enumerated.
/// </summary>
public sealed class CitizenApplicationAccess(ApplicationLoader loader, CitizenAccessCodes accessCodes)
{
    /// <summary>The application, if the code matches and it belongs to this procedure (hence to this commune).</summary>
    public async Task<LoadedApplication?> FindAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var code = request.Query["access"].ToString();
        if (!ApplicationReference.IsWellFormed(reference) || !accessCodes.IsValidUnderAnyKey(reference, code))
        {
            return null;
        }

        // The code must derive from the key the row recorded, not merely from some listed key.
        var application = await loader.FindAsync(reference, cancellationToken);
        return application?.Procedure.Id == procedureId && accessCodes.IsValid(reference, application.Record.AccessKeyId, code) ? application : null;
    }

    public static WrittenResult NotFound(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var title = new Text("Demande introuvable", "Application not found");
        var detail = new Text(
            "Aucune demande ne correspond à cette adresse. Utilisez le lien reçu dans l'accusé de réception.",
            "No application matches this address. Use the link from your acknowledgement of receipt.");
        return Results.WantsHtml(request)
            ? PageResults.Page(404, Html.Message(title.In(language), detail.In(language), "error", language, Html.PlatformName))
            : Problems.Simple(404, "not-found", title, detail, language, request.Path.Value ?? string.Empty);
    }
}
