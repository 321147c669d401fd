using System.Text;
using Serverless.Core.Localization;
using Serverless.Core.Pages;
using Serverless.Core.Procedures;
using Serverless.Core.Storage;

namespace Serverless.Core.Http;

/// <summary>
/// What verification tells anyone about a certificate: <c>valid</c>, <c>revoked</c> (with the date and reason) or
/// <c>unknown</c>, the issuer, type, issue date and the holder's name partly masked.
/// </summary>
public sealed record VerificationView(
    string Number,
    string Status,
    string? Issuer,
    string? Type,
    DateTimeOffset? IssuedAt,
    string? Holder,
    DateTimeOffset? RevokedAt,
    string? RevocationReason);

/// <summary>Builds the verification answer (JSON view and HTML) for both ways of asking: by number and by file.</summary>
public sealed class CertificateVerification(ProcedureCatalog catalog)
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";
    public const string Unknown = "unknown";

    public VerificationView View(string number, RegisteredCertificate? certificate, Language language)
    {
        if (certificate is null)
        {
            return new VerificationView(number, Unknown, null, null, null, null, null, null);
        }

        var procedure = catalog.Find(certificate.ProcedureId);
        return new VerificationView(
            number,
            certificate.IsRevoked ? Revoked : Valid,
            procedure is null ? Pages.Html.PlatformName : catalog.CommuneOf(procedure).Name,
            procedure?.Certificate.Title.In(language),
            certificate.IssuedAt,
            Mask(certificate.HolderName),
            certificate.Revocation?.RevokedAt,
            certificate.Revocation?.Reason);
    }

    /// <summary>The verdict and the certificate's details, as an HTML fragment.</summary>
    public static string Html(VerificationView view, Language language)
    {
        ArgumentNullException.ThrowIfNull(view);
        var html = new StringBuilder();
        switch (view.Status)
        {
            case Valid:
                html.Append("<p class=\"ok\" role=\"status\"><strong>")
                    .Append(Pages.Html.E(new Text("Attestation valide", "Valid certificate").In(language))).Append("</strong> – ")
                    .Append(Pages.Html.E(new Text("authentique, délivrée par ce service et non révoquée.", "genuine, issued by this service and not revoked.").In(language)))
                    .Append("</p>");
                break;
            case Revoked:
                html.Append("<p class=\"error\" role=\"alert\"><strong>")
                    .Append(Pages.Html.E(new Text("Attestation révoquée", "Revoked certificate").In(language))).Append("</strong> – ")
                    .Append(Pages.Html.E(new Text("délivrée par ce service, puis révoquée le {0} : elle n'est plus valable.", "issued by this service, then revoked on {0}: it is no longer valid.").Format(language, ApplicationSummary.DateTime(view.RevokedAt!.Value, language))))
                    .Append("</p>");
                break;
            default:
                html.Append("<p class=\"error\" role=\"alert\">")
                    .Append(Pages.Html.E(new Text("Aucune attestation ne porte le numéro {0}. Ce document n'a pas été délivré par ce service.", "No certificate has the number {0}. This document was not issued by this service.").Format(language, view.Number)))
                    .Append("</p>");
                return html.ToString();
        }

        var rows = new List<(string, string)>
        {
            (new Text("Numéro", "Number").In(language), view.Number),
            (new Text("Émetteur", "Issuer").In(language), view.Issuer ?? string.Empty),
            (new Text("Type", "Type").In(language), view.Type ?? string.Empty),
            (new Text("Délivrée le", "Issued on").In(language), view.IssuedAt is { } issued ? ApplicationSummary.LongDate(issued, language) : string.Empty),
            (new Text("Titulaire", "Holder").In(language), view.Holder ?? string.Empty),
        };
        if (view.RevokedAt is { } revokedAt)
        {
            rows.Add((new Text("Révoquée le", "Revoked on").In(language), ApplicationSummary.DateTime(revokedAt, language)));
            rows.Add((new Text("Motif de la révocation", "Reason for revocation").In(language), view.RevocationReason ?? string.Empty));
        }

        return html.Append(Pages.Html.Table(rows)).ToString();
    }

    /// <summary>A form to check a PDF file itself (its exact bytes), posted to <c>POST /api/verify</c>.</summary>
    public static string UploadForm(Language language) =>
        new StringBuilder()
            .Append("<h2>").Append(Pages.Html.E(new Text("Vérifier le fichier reçu", "Check the file you received").In(language))).Append("</h2>")
            .Append("<p class=\"help\">").Append(Pages.Html.E(new Text(
                "Le numéro ne suffit pas à prouver qu'un fichier n'a pas été modifié. Déposez le PDF : seule son empreinte (SHA-256) est calculée et comparée au registre ; le fichier n'est pas conservé.",
                "A number alone does not prove that a file was not altered. Upload the PDF: only its fingerprint (SHA-256) is computed and compared with the registry; the file is not kept.").In(language))).Append("</p>")
            .Append("<form method=\"post\" action=\"/api/").Append(Routes.VerifyFile).Append("?lang=").Append(language.Code()).Append("\" enctype=\"multipart/form-data\">")
            .Append("<label for=\"file\">").Append(Pages.Html.E(new Text("Fichier PDF de l'attestation (10 Mo au plus)", "Certificate PDF file (10 MB at most)").In(language))).Append("</label>")
            .Append("<input type=\"file\" id=\"file\" name=\"file\" accept=\"application/pdf\" required>")
            .Append("<button type=\"submit\">").Append(Pages.Html.E(new Text("Vérifier le fichier", "Check the file").In(language))).Append("</button>")
            .Append("</form>")
            .ToString();

    /// <summary>Verification belongs to no commune in particular: anyone checks any certificate of the deployment.</summary>
    public static string Page(Text title, string body, Language language) =>
        Pages.Html.Page(title.In(language), body, language, Pages.Html.PlatformName);

    /// <summary>"Frédérique Lemaire" → "F••••••••• L••••••".</summary>
    public static string Mask(string name) =>
        string.Join(' ', (name ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => word[0] + new string('•', word.Length - 1)));
}
