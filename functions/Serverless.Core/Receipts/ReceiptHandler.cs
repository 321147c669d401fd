using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Receipts;

/// <summary>
/// <c>GET …/applications/{reference}/receipt?access=…</c> (printable page) and <c>…/receipt/pdf?access=…</c> (PDF):
/// the acknowledgement of receipt, to the holder of the access code only (the status page's check).
/// </summary>
public sealed class ReceiptHandler(CitizenApplicationAccess access, ReceiptPdfRenderer renderer)
{
    public async Task<IActionResult> PageAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await access.FindAsync(request, procedureId, reference, cancellationToken);
        if (application is null)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        var language = LanguageNegotiation.FromRequest(request);
        var code = request.Query["access"].ToString();
        var sections = AcknowledgementOfReceipt.Compose(application, language);
        var statusUrl = "/api/" + Routes.StatusPath(procedureId, reference, code) + "&lang=" + language.Code();
        var pdfUrl = "/api/" + Routes.ReceiptPdfPath(procedureId, reference, code) + "&lang=" + language.Code();
        return PageResults.Page(200, ReceiptPage.Render(application.Commune, sections, statusUrl, pdfUrl, language, PageLinks.OtherLanguage(request, language)));
    }

    public async Task<IActionResult> PdfAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await access.FindAsync(request, procedureId, reference, cancellationToken);
        if (application is null)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        var language = LanguageNegotiation.FromRequest(request);
        var pdf = renderer.Render(application.Commune, reference, AcknowledgementOfReceipt.Compose(application, language), language, application.Record.SubmittedAt);
        var name = language == Language.French ? "accuse-de-reception" : "acknowledgement-of-receipt";
        return Results.Pdf(pdf, $"{name}-{reference}.pdf");
    }
}
