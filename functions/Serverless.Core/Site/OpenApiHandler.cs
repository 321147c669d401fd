using Microsoft.AspNetCore.Mvc;
using Serverless.Platform.Http;

namespace Serverless.Core.Site;

/// <summary><c>GET /api/openapi.yaml</c>: the OpenAPI description of every public endpoint (docs/openapi.yaml, embedded).</summary>
public sealed class OpenApiHandler
{
    private readonly Lazy<string> document = new(() =>
    {
        using var stream = typeof(OpenApiHandler).Assembly.GetManifestResourceStream("Docs.openapi.yaml")
            ?? throw new InvalidOperationException("docs/openapi.yaml is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public IActionResult Handle() =>
        new TextBodyResult(200, "application/yaml; charset=utf-8", document.Value).WithHeader("Cache-Control", "public, max-age=300");
}
