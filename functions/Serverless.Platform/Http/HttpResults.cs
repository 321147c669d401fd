using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Serverless.Platform.Http;

/// <summary>
/// Results that write the response themselves, so they behave the same in the Functions host and the local host
/// without MVC's result executors.
/// </summary>
public abstract class WrittenResult(int statusCode) : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set-Cookie values, each its own header line (a cookie set and another cleared in one answer).</summary>
    public List<string> Cookies { get; } = [];

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        foreach (var cookie in Cookies)
        {
            response.Headers.Append("Set-Cookie", cookie);
        }

        await WriteBodyAsync(response);
    }

    protected abstract Task WriteBodyAsync(HttpResponse response);

    public WrittenResult WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    public WrittenResult WithCookie(string setCookie)
    {
        Cookies.Add(setCookie);
        return this;
    }
}

public sealed class TextBodyResult(int statusCode, string contentType, string body) : WrittenResult(statusCode)
{
    public string Body { get; } = body;

    public string ContentType { get; } = contentType;

    protected override Task WriteBodyAsync(HttpResponse response)
    {
        response.ContentType = ContentType;
        return response.WriteAsync(Body, Encoding.UTF8);
    }
}

public sealed class BytesResult(string contentType, byte[] content, string? downloadName) : WrittenResult(StatusCodes.Status200OK)
{
    protected override Task WriteBodyAsync(HttpResponse response)
    {
        response.ContentType = contentType;
        response.ContentLength = content.Length;
        if (downloadName is not null)
        {
            response.Headers.ContentDisposition = $"attachment; filename=\"{downloadName}\"";
        }

        return response.Body.WriteAsync(content).AsTask();
    }
}

public sealed class EmptyResult(int statusCode) : WrittenResult(statusCode)
{
    protected override Task WriteBodyAsync(HttpResponse response) => Task.CompletedTask;
}

public static class Results
{
    // Relaxed escaping keeps accented text readable; these bodies are JSON documents, never inlined into HTML.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static WrittenResult JsonBody(int statusCode, object body) =>
        new TextBodyResult(statusCode, "application/json; charset=utf-8", JsonSerializer.Serialize(body, Json));

    /// <summary>
    /// A page whose only styles are the given sources (hashes of the inline stylesheets it may carry), and whose forms
    /// lead to its own origin, or also to <paramref name="formTarget"/> (an origin a form is redirected to, such as a
    /// payment service's page: form-action covers redirects).
    /// </summary>
    public static WrittenResult Html(int statusCode, string html, string styleSources, string? formTarget = null) =>
        new TextBodyResult(statusCode, "text/html; charset=utf-8", html)
            .WithHeader("Content-Security-Policy", $"default-src 'none'; style-src {styleSources}; img-src 'self' data:; form-action 'self'{(formTarget is null ? string.Empty : " " + formTarget)}; frame-ancestors 'none'; base-uri 'none'")
            .WithHeader("X-Content-Type-Options", "nosniff")
            .WithHeader("Referrer-Policy", "no-referrer");

    public static WrittenResult SeeOther(string location) =>
        new EmptyResult(StatusCodes.Status303SeeOther).WithHeader("Location", location);

    public static WrittenResult Pdf(byte[] content, string fileName) =>
        new BytesResult("application/pdf", content, fileName).WithHeader("X-Content-Type-Options", "nosniff");

    /// <summary>True when the caller is a browser navigating (it prefers HTML), not a script asking for JSON.</summary>
    public static bool WantsHtml(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var accept = request.GetTypedHeaders().Accept;
        var html = accept.Where(value => value.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)).Select(value => value.Quality ?? 1).DefaultIfEmpty(-1).Max();
        var json = accept.Where(value => value.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)).Select(value => value.Quality ?? 1).DefaultIfEmpty(-1).Max();
        return html > 0 && html >= json;
    }
}
