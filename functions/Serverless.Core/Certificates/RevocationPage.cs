using System.Text;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;

namespace Serverless.Core.Certificates;

/// <summary>
/// The confirmation page behind a revocation link (agents work in French). Opening it revokes nothing; the agent
/// writes the reason and confirms with a POST.
/// </summary>
public static class RevocationPage
{
    public const int MaxReasonLength = 1000;

    public static string Render(RegisteredCertificate certificate, string procedureTitle, string reviewer, string postPath, string? error, string communeName)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var body = new StringBuilder();
        body.Append("<p>Attestation <code>").Append(Html.E(certificate.Number)).Append("</code> – demande ")
            .Append(Html.E(certificate.Reference)).Append("</p>");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(error)).Append("</p>");
        }

        body.Append(Html.Table([
            ("Démarche", procedureTitle),
            ("Titulaire", certificate.HolderName),
            ("Délivrée le", ApplicationSummary.DateTime(certificate.IssuedAt, Language.French)),
            ("État", "Valide"),
        ]));
        body.Append("<p class=\"notice\">Révoquer l'attestation la rend invalide pour tous : la page de vérification indiquera « révoquée » avec la date et le motif, et le titulaire en sera informé par courriel. Cette action est définitive.</p>");
        body.Append("<form method=\"post\" action=\"/api/").Append(Html.E(postPath)).Append("\">")
            .Append("<label for=\"reason\">Motif de la révocation (obligatoire ; affiché publiquement sur la page de vérification et envoyé au titulaire)</label>")
            .Append("<textarea id=\"reason\" name=\"reason\" rows=\"4\" maxlength=\"").Append(MaxReasonLength).Append("\" required></textarea>")
            .Append("<p class=\"help\">Vous agissez en tant que ").Append(Html.E(reviewer)).Append(".</p>")
            .Append("<button type=\"submit\" class=\"danger\">Révoquer l'attestation</button>")
            .Append("</form>");
        return Html.Page($"Révocation de l'attestation {certificate.Number}", body.ToString(), Language.French, communeName);
    }
}
