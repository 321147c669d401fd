using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Site;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Certificates;

/// <summary>
/// <c>GET /api/verify/{number}</c>: anyone holding a certificate (a school, a bank) checks that it is valid, revoked
/// or unknown. The holder's name is partly masked: enough to match the paper, not enough to harvest names.
/// </summary>
public sealed class VerifyCertificateHandler(CertificateRegistry registry, CertificateVerification verification, Transparency.CertificateInLog inLog)
{
    public const int MaxNumberLength = 40;

    public async Task<IActionResult> HandleAsync(HttpRequest request, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var certificate = number.Length <= MaxNumberLength ? await registry.FindAsync(number, cancellationToken) : null;
        var view = verification.View(number, certificate, language);
        if (certificate is not null)
        {
            // ?reference= (printed on the certificate) adds the opening of the issuance's leaf, so that the holder can
            // check it without trusting this service; the number alone does not, see CertificateInLog.
            var reference = request.Query["reference"].ToString() is { Length: > 0 and <= MaxNumberLength } given ? given : null;
            view = view with { Log = await inLog.IssuanceAsync(certificate, reference, cancellationToken) };
        }
        if (!Results.WantsHtml(request))
        {
            return Results.JsonBody(200, view);
        }

        var body = CertificateVerification.Html(view, language) + CertificateVerification.UploadForm(language);
        return PageResults.Page(200, CertificateVerification.Page(new Text("Vérification d'une attestation", "Certificate verification"), body, language));
    }

    /// <summary>"Frédérique Lemaire" → "F••••••••• L••••••".</summary>
    public static string Mask(string name) => CertificateVerification.Mask(name);
}
