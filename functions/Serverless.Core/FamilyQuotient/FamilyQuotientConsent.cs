using System.Globalization;
using Serverless.Core.BackOffice;
using Serverless.Core.CitizenAccounts;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Localization;

namespace Serverless.Core.FamilyQuotient;

/// <summary>
/// The family quotient's block above a procedure's form ("Dites-le-nous une fois"): for a citizen signed in with
/// FranceConnect, the consent asked in so many words and the button that asks API Particulier; for a citizen not
/// signed in, why signing in would spare them the proof. Nothing once the quotient is fetched (the field shows it,
/// locked, with its source) or when the procedure or the deployment does not offer it.
/// </summary>
public sealed class FamilyQuotientConsent(IFamilyQuotientSource source, AntiForgery antiForgery)
{
    public static readonly Text ConsentText = new(
        "J'accepte que la commune obtienne mon quotient familial auprès de la CAF ou de la MSA (service API Particulier de l'État), pour calculer le tarif de cette démarche. Sans mon accord, je peux saisir mon quotient et joindre mon attestation.",
        "I agree that the commune obtains my family quotient from the CAF or MSA (the State's API Particulier service) to work out this procedure's price. Without my agreement, I may type my quotient and attach my certificate.");

    public string Block(ProcedureDefinition procedure, FormIdentity identity, Language language)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(identity);
        if (procedure.FamilyQuotient is not { } quotient || !source.Enabled || identity.Values.ContainsKey(quotient.Field))
        {
            return string.Empty;
        }

        if (identity.Session is not { } session)
        {
            return $"<p class=\"help\">{Html.E(new Text("Connecté avec FranceConnect, vous pouvez demander à la commune d'obtenir votre quotient familial auprès de la CAF ou de la MSA : vous n'aurez pas d'attestation à joindre.", "Signed in with FranceConnect, you may ask the commune to get your family quotient from the CAF or MSA: you will have no certificate to attach.").In(language))}</p>";
        }

        var action = "/api/" + FamilyQuotientRoutes.Path(procedure.Id) + "?lang=" + language.Code();
        return string.Create(CultureInfo.InvariantCulture, $"""
            <form method="post" action="{Html.E(action)}" class="note">
            <h2>{Html.E(new Text("Votre quotient familial", "Your family quotient").In(language))}</h2>
            <input type="hidden" name="{AntiForgery.Field}" value="{Html.E(antiForgery.TokenFor(session.Binding))}">
            <p><input type="checkbox" id="fq-consent" name="consent" value="yes"> <label for="fq-consent">{Html.E(ConsentText.In(language))}</label></p>
            <button type="submit" class="secondary">{Html.E(new Text("Obtenir mon quotient familial", "Get my family quotient").In(language))}</button>
            </form>
            """);
    }
}

/// <summary>The family quotient's address (relative to <c>/api</c>).</summary>
public static class FamilyQuotientRoutes
{
    public static string Path(string procedureId) => $"procedures/{Uri.EscapeDataString(procedureId)}/family-quotient";
}
