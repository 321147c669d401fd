using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Submission;
using Serverless.Platform.Configuration;
using Serverless.Platform.Localization;

namespace Serverless.Core.Certificates;

/// <summary>Puts an application's values into the words of its procedure's certificate (French, the official language).</summary>
public sealed class CertificateComposer(IOptions<PublicUrlOptions> urls)
{
    /// <param name="implicitly">Silence vaut acceptation: the certificate attests the implicit decision (L. 232-3 CRPA).</param>
    public CertificateContent Compose(LoadedApplication application, string number, DateTimeOffset issuedAt, bool implicitly = false)
    {
        ArgumentNullException.ThrowIfNull(application);
        const Language language = Language.French;
        var procedure = application.Procedure;
        var commune = application.Commune;
        return new CertificateContent(
            commune.Name,
            commune.Address,
            commune.City,
            implicitly ? $"Attestation de décision implicite d'acceptation – {procedure.Certificate.Title.In(language)}" : procedure.Certificate.Title.In(language),
            (implicitly
                ? $"En application de l'article L. 232-3 du code des relations entre le public et l'administration, la demande {application.Reference} déposée le {ApplicationSummary.LongDate(application.Record.SubmittedAt, language)} est réputée acceptée, faute de décision dans le délai de {procedure.Legal.DecisionDeadline.Describe(language)}. "
                : string.Empty) + ApplicationSummary.Fill(procedure.Certificate.Body.In(language), procedure, application.Values, language),
            [.. ApplicationSummary.CertificateLines(procedure, application.Values).Select(line => (line.Label, line.Value))],
            number,
            application.Reference,
            issuedAt,
            $"Fait à {commune.City}, le {ApplicationSummary.LongDate(issuedAt, language)}",
            $"{procedure.Certificate.SignatoryTitle}\n{procedure.Certificate.SignatoryName}",
            urls.Value.Api(Routes.VerifyPath(number)))
        {
            LogoPng = commune.Logo,
            Department = commune.Department,
            Colour = commune.Colour,
        };
    }
}
