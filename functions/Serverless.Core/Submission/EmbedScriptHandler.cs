using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Platform.Http;
using EmptyResult = Serverless.Platform.Http.EmptyResult;

namespace Serverless.Core.Submission;

/// <summary>
/// <c>GET /api/embed.js</c>: the embeddable form widget (<c>widget/</c>, built by esbuild into the assembly). Other
/// sites' pages load it with a script tag, so it is the one response that any site may load
/// (<c>Cross-Origin-Resource-Policy: cross-origin</c>); its ETag lets browsers revalidate it cheaply.
/// </summary>
public sealed class EmbedScriptHandler
{
    public const string ResourceName = "Widget.embed.js";

    private readonly Lazy<(byte[] Content, string ETag)> script = new(() =>
    {
        using var stream = typeof(EmbedScriptHandler).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException("The widget (widget/dist/embed.js) is not embedded: build it with `node widget/build.mjs`.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var content = memory.ToArray();
        return (content, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
    });

    public IActionResult Handle(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (content, etag) = script.Value;
        var result = request.Headers.IfNoneMatch.Any(value => value == etag)
            ? (WrittenResult)new EmptyResult(StatusCodes.Status304NotModified)
            : new BytesResult("text/javascript; charset=utf-8", content, null);
        return result
            .WithHeader("ETag", etag)
            .WithHeader("Cache-Control", "public, max-age=300")
            .WithHeader("Cross-Origin-Resource-Policy", "cross-origin")
            .WithHeader("X-Content-Type-Options", "nosniff");
    }
}
