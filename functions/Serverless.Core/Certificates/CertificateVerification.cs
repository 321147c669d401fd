using System.Text;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;

namespace Serverless.Core.Certificates;

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
    string? RevocationReason)
{
    /// <summary>False once the application's personal data was erased: the PDF is no longer kept, the certificate stays verifiable by hash.</summary>
    public bool DocumentKept { get; init; } = true;

    public DateTimeOffset? DocumentErasedAt { get; init; }

    /// <summary>The issuance's place in the commune's transparency log, with its inclusion proof.</summary>
    public Transparency.LogInclusion? Log { get; init; }
}

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
            procedure is null ? Site.Html.PlatformName : catalog.CommuneOf(procedure).Name,
            procedure?.Certificate.Title.In(language),
            certificate.IssuedAt,
            Mask(certificate.HolderName),
            certificate.Revocation?.RevokedAt,
            certificate.Revocation?.Reason)
        {
            DocumentKept = certificate.DocumentErasedAt is null,
            DocumentErasedAt = certificate.DocumentErasedAt,
        };
    }

    /// <summary>The verdict and the certificate's details, as an HTML fragment.</summary>
    public static string Html(VerificationView view, Language language)
    {
        ArgumentNullException.ThrowIfNull(view);
        var html = new StringBuilder();
        switch (view.Status)
        {
            case Valid when !view.DocumentKept:
                html.Append("<p class=\"ok\" role=\"status\" id=\"not-kept\"><strong>")
                    .Append(Site.Html.E(new Text("Valide, document non conservé", "Valid, document no longer kept").In(language))).Append("</strong> – ")
                    .Append(Site.Html.E(new Text(
                        "attestation authentique, délivrée par ce service et non révoquée. Ses données personnelles ont été effacées le {0} (durée de conservation) : le document n'est plus conservé, mais son empreinte reste vérifiable en déposant le fichier ci-dessous.",
                        "a genuine certificate, issued by this service and not revoked. Its personal data was erased on {0} (retention period): the document is no longer kept, but its fingerprint can still be checked by uploading the file below.").Format(language, ApplicationSummary.LongDate(view.DocumentErasedAt!.Value, language))))
                    .Append("</p>");
                break;
            case Valid:
                html.Append("<p class=\"ok\" role=\"status\"><strong>")
                    .Append(Site.Html.E(new Text("Attestation valide", "Valid certificate").In(language))).Append("</strong> – ")
                    .Append(Site.Html.E(new Text("authentique, délivrée par ce service et non révoquée.", "genuine, issued by this service and not revoked.").In(language)))
                    .Append("</p>");
                break;
            case Revoked:
                html.Append("<p class=\"error\" role=\"alert\"><strong>")
                    .Append(Site.Html.E(new Text("Attestation révoquée", "Revoked certificate").In(language))).Append("</strong> – ")
                    .Append(Site.Html.E(new Text("délivrée par ce service, puis révoquée le {0} : elle n'est plus valable.", "issued by this service, then revoked on {0}: it is no longer valid.").Format(language, ApplicationSummary.DateTime(view.RevokedAt!.Value, language))))
                    .Append("</p>");
                break;
            default:
                html.Append("<p class=\"error\" role=\"alert\">")
                    .Append(Site.Html.E(new Text("Aucune attestation ne porte le numéro {0}. Ce document n'a pas été délivré par ce service.", "No certificate has the number {0}. This document was not issued by this service.").Format(language, view.Number)))
                    .Append("</p>");
                return html.ToString();
        }

        var rows = new List<(string, string)>
        {
            (new Text("Numéro", "Number").In(language), view.Number),
            (new Text("Émetteur", "Issuer").In(language), view.Issuer ?? string.Empty),
            (new Text("Type", "Type").In(language), view.Type ?? string.Empty),
            (new Text("Délivrée le", "Issued on").In(language), view.IssuedAt is { } issued ? ApplicationSummary.LongDate(issued, language) : string.Empty),
            (new Text("Titulaire", "Holder").In(language), view.DocumentKept ? view.Holder ?? string.Empty : new Text("non conservé", "no longer kept").In(language)),
        };
        if (view.RevokedAt is { } revokedAt)
        {
            rows.Add((new Text("Révoquée le", "Revoked on").In(language), ApplicationSummary.DateTime(revokedAt, language)));
            rows.Add((new Text("Motif de la révocation", "Reason for revocation").In(language), view.RevocationReason ?? string.Empty));
        }

        html.Append(Site.Html.Table(rows));
        if (view.Log is { } log)
        {
            html.Append("<p class=\"help\" id=\"log-inclusion\">");
            if (log.Verified)
            {
                html.Append(Site.Html.E(new Text(
                    "Délivrance inscrite au journal public infalsifiable de la commune : entrée n° {0} sur {1}, preuve d'inclusion vérifiée contre le dernier point de contrôle signé.",
                    "Issuance recorded in the commune's tamper-evident public log: entry {0} of {1}, inclusion proof verified against the latest signed checkpoint.").Format(language, log.LeafIndex.ToString(System.Globalization.CultureInfo.InvariantCulture), log.TreeSize!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }
            else
            {
                html.Append(Site.Html.E(new Text(
                    "Délivrance inscrite au journal public de la commune (entrée n° {0}) ; le prochain point de contrôle signé la couvrira.",
                    "Issuance recorded in the commune's public log (entry {0}); the next signed checkpoint will cover it.").Format(language, log.LeafIndex.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }

            html.Append(" <a href=\"").Append(Site.Html.E(log.CheckpointUrl ?? string.Empty)).Append("\">")
                .Append(Site.Html.E(new Text("Point de contrôle", "Checkpoint").In(language))).Append("</a></p>");
        }

        return html.ToString();
    }

    /// <summary>A form to check a PDF file itself (its exact bytes), posted to <c>POST /api/verify</c>.</summary>
    public static string UploadForm(Language language) =>
        new StringBuilder()
            .Append("<h2>").Append(Site.Html.E(new Text("Vérifier le fichier reçu", "Check the file you received").In(language))).Append("</h2>")
            .Append("<p class=\"help\">").Append(Site.Html.E(new Text(
                "Le numéro ne suffit pas à prouver qu'un fichier n'a pas été modifié. Déposez le PDF : seule son empreinte (SHA-256) est calculée et comparée au registre ; le fichier n'est pas conservé.",
                "A number alone does not prove that a file was not altered. Upload the PDF: only its fingerprint (SHA-256) is computed and compared with the registry; the file is not kept.").In(language))).Append("</p>")
            .Append("<form method=\"post\" action=\"/api/").Append(Routes.VerifyFile).Append("?lang=").Append(language.Code()).Append("\" enctype=\"multipart/form-data\">")
            .Append("<label for=\"file\">").Append(Site.Html.E(new Text("Fichier PDF de l'attestation (10 Mo au plus)", "Certificate PDF file (10 MB at most)").In(language))).Append("</label>")
            .Append("<input type=\"file\" id=\"file\" name=\"file\" accept=\"application/pdf\" required>")
            .Append("<button type=\"submit\">").Append(Site.Html.E(new Text("Vérifier le fichier", "Check the file").In(language))).Append("</button>")
            .Append("</form>")
            .ToString();

    /// <summary>Verification belongs to no commune in particular: anyone checks any certificate of the deployment.</summary>
    public static string Page(Text title, string body, Language language) =>
        Site.Html.Page(title.In(language), body, language, Site.Html.PlatformName);

    /// <summary>"Frédérique Lemaire" → "F••••••••• L••••••".</summary>
    public static string Mask(string name) =>
        string.Join(' ', (name ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => word[0] + new string('•', word.Length - 1)));
}
