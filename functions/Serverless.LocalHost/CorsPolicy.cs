using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Serverless.LocalHost;

/// <summary>
/// CORS for browser clients (the JSON API and the widget) from <c>Cors:AllowedOrigins</c>, comma-separated or <c>*</c>.
/// In Azure the platform applies the same list (the Bicep parameter).
/// </summary>
public static class CorsPolicy
{
    public static void Configure(CorsPolicyBuilder policy, IConfiguration configuration)
    {
        var origins = (configuration["Cors:AllowedOrigins"] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (origins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            policy.WithOrigins(origins);
        }

        policy.WithMethods("GET", "POST").WithHeaders("Content-Type", "Accept", "Accept-Language", "Idempotency-Key").WithExposedHeaders("Location");
    }
}
