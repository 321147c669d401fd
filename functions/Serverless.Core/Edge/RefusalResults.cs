using Microsoft.AspNetCore.Http;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Edge;

/// <summary>
/// A refusal as the caller can read it: RFC 9457 problem+json for scripts and widgets, a small HTML page for a browser
/// that posted a form or followed a link.
/// </summary>
public static class RefusalResults
{
    public static WrittenResult For(HttpRequest request, RequestRefusedException refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.RetryAfter is { } retryAfter
            ? AbuseRefusal.For(request, retryAfter)
            : refusal.Field is { } field && !Results.WantsHtml(request)
                ? Problems.Simple(refusal.Status, refusal.Type, refusal.Title, refusal.Detail, SafeLanguage(request), SafeInstance(request), Problems.FieldErrors(field, refusal.Detail))
                : For(request, refusal.Status, refusal.Type, refusal.Title, refusal.Detail);
    }

    public static WrittenResult For(HttpRequest request, int status, string type, Text title, Text detail)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = SafeLanguage(request);
        if (Results.WantsHtml(request))
        {
            var body = $"<p class=\"error\" role=\"alert\">{Html.E(detail.In(language))}</p>"
                + $"<p lang=\"{(language == Language.French ? "en" : "fr")}\" class=\"help\">{Html.E(title.In(Other(language)))} – {Html.E(detail.In(Other(language)))}</p>";
            return PageResults.Page(status, Html.Page(title.In(language), body, language, Html.PlatformName));
        }

        return Problems.Simple(status, type, title, detail, language, SafeInstance(request));
    }

    public static WrittenResult NotFound(HttpRequest request) =>
        For(request, 404, "not-found", RefusalTexts.NotFoundTitle, RefusalTexts.NotFoundDetail);

    public static WrittenResult MethodNotAllowed(HttpRequest request, IReadOnlyList<string> allowed) =>
        For(request, 405, "method-not-allowed", RefusalTexts.MethodTitle, RefusalTexts.MethodDetail)
            .WithHeader("Allow", string.Join(", ", allowed));

    public static WrittenResult BadPath(HttpRequest request) =>
        For(request, 400, "bad-path", RefusalTexts.BadPathTitle, RefusalTexts.BadPathDetail);

    public static WrittenResult UriTooLong(HttpRequest request) =>
        For(request, 414, "uri-too-long", RefusalTexts.UriTooLongTitle, RefusalTexts.UriTooLongDetail);

    public static WrittenResult ServerError(HttpRequest request) =>
        For(request, 500, "unexpected", RefusalTexts.ServerErrorTitle, RefusalTexts.ServerErrorDetail);

    private static Language Other(Language language) => language == Language.French ? Language.English : Language.French;

    /// <summary>The language, even when the query string itself is what is broken.</summary>
    private static Language SafeLanguage(HttpRequest request)
    {
        try
        {
            return LanguageNegotiation.FromRequest(request);
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException)
        {
            return Language.French;
        }
    }

    /// <summary>The path without its secrets (tokens), as the problem's <c>instance</c>.</summary>
    private static string SafeInstance(HttpRequest request) => SecretRedaction.Path(request.Path.Value ?? string.Empty);
}
