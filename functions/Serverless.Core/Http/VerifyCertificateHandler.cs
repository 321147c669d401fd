using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Localization;
using Serverless.Core.Pages;
using Serverless.Core.Procedures;
using Serverless.Core.Storage;

namespace Serverless.Core.Http;

/// <summary>
/// <c>GET /api/verify/{number}</c>: anyone holding a certificate (a school, a bank) checks it is genuine. The holder's
/// name is partly masked: enough to match the paper, not enough to harvest names.
/// </summary>
public sealed class VerifyCertificateHandler(CertificateRegistry registry, ProcedureCatalog catalog)
{
    public async Task<IActionResult> HandleAsync(HttpRequest request, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var certificate = number.Length <= 40 ? await registry.FindAsync(number, cancellationToken) : null;
        var procedure = certificate is null ? null : catalog.Find(certificate.ProcedureId);
        var type = procedure?.Certificate.Title.In(language);
        var issuer = procedure is null ? Html.PlatformName : catalog.CommuneOf(procedure).Name;
        var body = certificate is null
            ? new { number, status = "unknown", issuer = (string?)null, type, issuedAt = (DateTimeOffset?)null, holder = (string?)null }
            : new { number, status = "valid", issuer = (string?)issuer, type, issuedAt = (DateTimeOffset?)certificate.IssuedAt, holder = (string?)Mask(certificate.HolderName) };
        if (!Results.WantsHtml(request))
        {
            return Results.JsonBody(200, body);
        }

        var title = new Text("Vérification d'une attestation", "Certificate verification").In(language);
        var html = certificate is null
            ? $"<p class=\"error\">{Html.E(new Text("Aucune attestation ne porte le numéro {0}. Ce document n'a pas été délivré par ce service.", "No certificate has the number {0}. This document was not issued by this service.").Format(language, number))}</p>"
            : $"<p class=\"ok\">{Html.E(new Text("Attestation authentique, délivrée par ce service.", "Genuine certificate, issued by this service.").In(language))}</p>"
              + Html.Table([
                  (new Text("Numéro", "Number").In(language), number),
                  (new Text("Émetteur", "Issuer").In(language), issuer),
                  (new Text("Type", "Type").In(language), type ?? string.Empty),
                  (new Text("Délivrée le", "Issued on").In(language), ApplicationSummary.LongDate(certificate.IssuedAt, language)),
                  (new Text("Titulaire", "Holder").In(language), body.holder ?? string.Empty),
              ]);
        return Results.Html(200, Html.Page(title, html, language, issuer));
    }

    /// <summary>"Frédérique Lemaire" → "F••••••••• L••••••".</summary>
    public static string Mask(string name) =>
        string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word => word[0] + new string('•', word.Length - 1)));
}
