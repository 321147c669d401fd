using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>
/// <c>GET /api/procedures/{procedureId}/embed</c>: the no-JavaScript form in a minimal layout that the commune's own
/// sites may frame (for CMSs that strip scripts). Only the commune's <c>allowedOrigins</c> (and the deployment's
/// <c>Cors:AllowedOrigins</c>) may frame it; the page reports its height to those origins so the host's snippet can
/// size the frame, and posts the form to the top window (the receipt page may not be framed).
/// </summary>
public sealed class EmbedFrameHandler(ProcedureCatalog catalog, TimeProvider clock, Submission.FormGuard formGuard, IConfiguration configuration)
{
    public IActionResult Handle(HttpRequest request, string procedureId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var procedure = catalog.Find(procedureId);
        if (procedure is null)
        {
            return PageResults.Page(404, ResultPages.UnknownProcedure(language));
        }

        var commune = catalog.CommuneOf(procedure);
        var origins = FrameOrigins(commune);
        var today = Deadlines.ParisToday.Of(clock);
        var content = new FormPage.FormContent(procedure.Description.In(language), null, null) { IssuedStamp = formGuard.Issue(), SubmissionKey = Submission.FormGuard.NewSubmissionKey(), FrameOrigins = origins };
        var html = FormPage.Render(procedure, language, PageIdentity.Of(commune), today, "/api/" + Routes.SubmitPath(procedure.Id), content);
        var ancestors = origins.Count == 0 ? "'none'" : string.Join(' ', origins);
        return new TextBodyResult(200, "text/html; charset=utf-8", html)
            .WithHeader("Content-Security-Policy", $"default-src 'none'; style-src {Html.StyleHash} {PageIdentity.AllowedThemeHashes}; script-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors {ancestors}; base-uri 'none'")
            .WithHeader("X-Content-Type-Options", "nosniff")
            .WithHeader("Referrer-Policy", "no-referrer");
    }

    /// <summary>The origins that may frame the commune's forms: its own sites and the deployment's configured origins.</summary>
    public IReadOnlyList<string> FrameOrigins(CommuneDefinition commune)
    {
        ArgumentNullException.ThrowIfNull(commune);
        var configured = (configuration["Cors:AllowedOrigins"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. commune.AllowedOrigins.Concat(configured).Where(IsOrigin).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>A scheme and host (and port), or <c>*</c>: nothing that could break out of the header.</summary>
    private static bool IsOrigin(string value) =>
        value == "*" || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.GetLeftPart(UriPartial.Authority) == value.TrimEnd('/'));
}
