using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration;
using Serverless.Core.Procedures;

namespace Serverless.Core.Edge;

/// <summary>
/// The one CORS policy of both hosts, for browser clients (the JSON API and the widget): the origins of
/// <c>Cors:AllowedOrigins</c> (comma-separated, or <c>*</c>) plus each commune's <c>allowedOrigins</c> from the
/// catalogue. Both hosts apply it with <see cref="CorsEdge"/> (in <see cref="HttpEdge"/>); the platform's own
/// CORS is off in the Bicep templates, so that it cannot disagree.
/// </summary>
public static class CorsPolicy
{
    public static void Configure(CorsOptions cors, IConfiguration configuration, ProcedureCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(cors);
        var configured = (configuration["Cors:AllowedOrigins"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var origins = new HashSet<string>(configured.Concat(catalog.Communes.SelectMany(commune => commune.AllowedOrigins)), StringComparer.OrdinalIgnoreCase);
        cors.AddDefaultPolicy(policy =>
        {
            if (origins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins([.. origins]);
            }

            policy.WithMethods("GET", "POST").WithHeaders("Content-Type", "Accept", "Accept-Language", "Idempotency-Key", "If-None-Match").WithExposedHeaders("Location", "ETag");
        });
    }
}
