using Microsoft.Extensions.Options;
using Serverless.Core.Http;
using Serverless.Core.Localization;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Certificates;

/// <summary>Puts an application's values into the words of its procedure's certificate (French, the official language).</summary>
public sealed class CertificateComposer(IOptions<PublicUrlOptions> urls)
{
    public CertificateContent Compose(LoadedApplication application, string number, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(application);
        const Language language = Language.French;
        var procedure = application.Procedure;
        var commune = application.Commune;
        return new CertificateContent(
            commune.Name,
            commune.Address,
            commune.City,
            procedure.Certificate.Title.In(language),
            ApplicationSummary.Fill(procedure.Certificate.Body.In(language), procedure, application.Values, language),
            [.. ApplicationSummary.CertificateLines(procedure, application.Values).Select(line => (line.Label, line.Value))],
            number,
            application.Reference,
            issuedAt,
            $"Fait à {commune.City}, le {ApplicationSummary.LongDate(issuedAt, language)}",
            $"{procedure.Certificate.SignatoryTitle}\n{procedure.Certificate.SignatoryName}",
            urls.Value.Api(Routes.VerifyPath(number)));
    }
}
