using Microsoft.AspNetCore.RateLimiting;
using Serverless.Core.Http.Edge;

namespace Serverless.LocalHost;

/// <summary>
/// The local host's edge, the twin of the Functions app's <c>EdgeMiddleware</c>: <see cref="EdgeGuard"/> first (so
/// every answer, even the framework's 404 and 405, gets security headers and problem+json), then CORS, then ASP.NET
/// Core's rate limiter running <see cref="AbuseLimiter.ByAddress"/>.
/// </summary>
public static class EdgePipeline
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<AbuseLimiter>((options, limiter) =>
        {
            options.GlobalLimiter = limiter.ByAddress;
            options.OnRejected = (rejected, _) => new ValueTask(AbuseRefusal.WriteAsync(rejected.HttpContext, rejected.Lease));
        });
    }

    public static void Use(WebApplication app)
    {
        app.Use((context, next) => context.RequestServices.GetRequiredService<EdgeGuard>().InvokeAsync(context, () => next(context)));
        app.UseCors();
        app.UseRateLimiter();
    }
}
