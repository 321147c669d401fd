using Microsoft.AspNetCore.Http;

namespace Serverless.Platform.Http;

/// <summary>
/// The headers every response carries, whatever wrote it (a handler, the framework, a refusal). HTML pages set their
/// own, stricter Content-Security-Policy (<see cref="Results.Html"/>); other responses get one that allows nothing.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>For responses that are not pages (JSON, PDF, YAML): nothing may run, load or frame them.</summary>
    public const string DefaultPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public const string Hsts = "max-age=31536000; includeSubDomains";

    /// <summary>True on an Azure App Service / Functions instance (the platform sets this variable), where HTTPS is the only way in.</summary>
    public static bool InAzure => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WEBSITE_SITE_NAME"));

    /// <summary>True when a policy lets some origin frame the response (a frame-ancestors other than 'none').</summary>
    public static bool AllowsFraming(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries).Any(directive =>
            directive.StartsWith("frame-ancestors ", StringComparison.Ordinal) && directive != "frame-ancestors 'none'");

    public static void Apply(HttpResponse response, bool hsts)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = response.Headers;
        if (!headers.ContainsKey("Content-Security-Policy"))
        {
            headers["Content-Security-Policy"] = DefaultPolicy;
        }

        headers["X-Content-Type-Options"] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";

        // The embeddable form page (GET /api/procedures/{id}/embed) names the origins that may frame it in its own
        // frame-ancestors; X-Frame-Options cannot name an origin, so it is left off there and only there.
        if (!AllowsFraming(headers.ContentSecurityPolicy.ToString()))
        {
            headers["X-Frame-Options"] = "DENY";
        }

        headers["Cross-Origin-Opener-Policy"] = "same-origin";

        // The widget's script (GET /api/embed.js) is loaded by other sites' pages and says so itself.
        if (!headers.ContainsKey("Cross-Origin-Resource-Policy"))
        {
            headers["Cross-Origin-Resource-Policy"] = "same-site";
        }
        if (hsts)
        {
            headers["Strict-Transport-Security"] = Hsts;
        }
    }
}
