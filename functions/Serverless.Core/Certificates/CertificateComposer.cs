using Microsoft.Extensions.Options;
using Serverless.Core.Http;
using Serverless.Core.Localization;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Certificates;

/// <summary>Puts an application's values into the words of its procedure's certificate (French, the official language).</summary>
public sealed class CertificateComposer(IOptions<CommuneOptions> commune, IOptions<PublicUrlOptions> urls, CommuneLogo logo)
{
    public CertificateContent Compose(LoadedApplication application, string number, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(application);
        const Language language = Language.French;
        var procedure = application.Procedure;
        var settings = commune.Value;
        return new CertificateContent(
            settings.Name,
            settings.Address,
            settings.City,
            procedure.Certificate.Title.In(language),
            ApplicationSummary.Fill(procedure.Certificate.Body.In(language), procedure, application.Values, language),
            [.. ApplicationSummary.CertificateLines(procedure, application.Values).Select(line => (line.Label, line.Value))],
            number,
            application.Reference,
            issuedAt,
            $"Fait à {settings.City}, le {ApplicationSummary.LongDate(issuedAt, language)}",
            $"Pour le maire de {settings.City}, par délégation",
            urls.Value.Api(Routes.VerifyPath(number)))
        {
            LogoPng = logo.Png,
        };
    }
}
