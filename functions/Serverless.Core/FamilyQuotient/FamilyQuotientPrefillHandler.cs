using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Serverless.Core.BackOffice;
using Serverless.Core.CitizenAccounts;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.FamilyQuotient;

/// <summary>
/// <c>POST /api/procedures/{procedureId}/family-quotient</c>: a signed-in citizen who ticked the consent asks the
/// commune to get their family quotient from API Particulier, by the identity FranceConnect vouched for and with the
/// commune's SIRET as <c>recipient</c>. Found: the value is kept with its source and date in the session only (the form
/// then shows it locked, and the submission records both, with no proof asked); otherwise the citizen is told why and
/// types it with the proof as before. Nothing is fetched without the consent, a session and its anti-forgery token.
/// </summary>
public sealed partial class FamilyQuotientPrefillHandler(
    ProcedureCatalog catalog,
    CitizenSessions sessions,
    AntiForgery antiForgery,
    IFamilyQuotientSource source,
    ILogger<FamilyQuotientPrefillHandler> logger)
{
    public async Task<IActionResult> FetchAsync(HttpRequest request, string procedureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        if (catalog.Find(procedureId) is not { FamilyQuotient: { } quotient } procedure || !source.Enabled)
        {
            return PageResults.Page(404, Html.Message(new Text("Démarche inconnue", "Unknown procedure").In(language), new Text("Cette démarche n'existe pas ou ne propose pas d'obtenir le quotient familial.", "This procedure does not exist or does not offer to get the family quotient.").In(language), "error", language, Html.PlatformName));
        }

        var commune = catalog.CommuneOf(procedure);
        var back = "/api/procedures/" + Uri.EscapeDataString(procedure.Id) + "/form?lang=" + language.Code();
        var session = await sessions.FindAsync(request, cancellationToken);
        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        if (session is null || form is null || !antiForgery.Matches(session.Binding, form[AntiForgery.Field].ToString()))
        {
            return Message(401, new("Identification requise", "Sign-in required"), new("Connectez-vous avec FranceConnect depuis le formulaire pour que la commune obtienne votre quotient familial.", "Sign in with FranceConnect from the form for the commune to get your family quotient."), back, commune, language);
        }

        if (form["consent"].ToString() != "yes")
        {
            return Message(400, new("Accord nécessaire", "Agreement needed"), new("Cochez la case d'accord pour que la commune obtienne votre quotient familial, ou saisissez-le et joignez votre attestation.", "Tick the agreement box for the commune to get your family quotient, or type it and attach your certificate."), back, commune, language);
        }

        var result = await source.ByIdentityAsync(session.Identity, commune.Siret ?? string.Empty, cancellationToken);
        LogOutcome(procedure.Id, result.Outcome);
        if (result is FamilyQuotientResult.Found { Quotient: var found })
        {
            await sessions.VouchAsync(session, quotient.Field, new VouchedValue(found.Value.ToString(CultureInfo.InvariantCulture), Note(found)), cancellationToken);
            return Results.SeeOther(back + "#" + quotient.Field);
        }

        var why = result switch
        {
            FamilyQuotientResult.NotFound => new Text("Aucun quotient familial n'a été trouvé à votre nom auprès de la CAF ou de la MSA.", "No family quotient was found in your name at the CAF or MSA."),
            FamilyQuotientResult.Unavailable => new Text("Le service de la CAF ou de la MSA ne répond pas pour le moment.", "The CAF or MSA service does not answer for now."),
            _ => new Text("Votre quotient familial n'a pas pu être obtenu.", "Your family quotient could not be obtained."),
        };
        return Message(200, new("Quotient familial non obtenu", "Family quotient not obtained"), new(why.Fr + " Saisissez-le et joignez votre attestation, ou laissez-le vide pour le tarif plein.", why.En + " Type it and attach your certificate, or leave it empty for the full price."), back, commune, language);
    }

    /// <summary>What is recorded beside the value: the fund, the service, the month the quotient refers to, when it was obtained.</summary>
    public static string Note(FamilyQuotientValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var fund = value.Provider == QuotientProvider.Msa ? "MSA" : "CAF";
        return string.Create(CultureInfo.InvariantCulture, $"obtenu de la {fund} via {FamilyQuotientValue.Source} (quotient de {value.Month.Month:D2}/{value.Month.Year}, le {Deadlines.LegalDeadlines.ParisDay(value.RetrievedAt):dd/MM/yyyy})");
    }

    private static Serverless.Platform.Http.WrittenResult Message(int status, Text title, Text message, string back, CommuneDefinition commune, Language language) =>
        PageResults.Page(status, Html.Page(title.In(language), $"<p class=\"{(status >= 400 ? "error" : "notice")}\" role=\"status\">{Html.E(message.In(language))}</p><p><a href=\"{Html.E(back)}\">{Html.E(new Text("Revenir au formulaire", "Back to the form").In(language))}</a></p>", language, PageIdentity.Of(commune)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Family quotient for {ProcedureId}: {Outcome}")]
    private partial void LogOutcome(string procedureId, string outcome);
}
