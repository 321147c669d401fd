using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Core.Edge;

/// <summary>
/// The one edge in front of every HTTP function, the same code in both hosts (the Functions worker's
/// <c>EdgeMiddleware</c> and the local host's pipeline): <see cref="EdgeGuard"/> (security headers, size limits,
/// problem+json refusals), then CORS (<see cref="CorsEdge"/>: the platform's CORS is off in Azure), then the abuse
/// limit per client address (<see cref="AbuseLimiter.ByAddress"/>), then the function.
/// </summary>
public static class HttpEdge
{
    /// <param name="services">The invocation's services (the worker's <c>InstanceServices</c>, the request's services locally).</param>
    /// <param name="http">The request.</param>
    /// <param name="next">The function the host chose.</param>
    public static Task InvokeAsync(IServiceProvider services, HttpContext http, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        var guard = services.GetRequiredService<EdgeGuard>();
        var cors = services.GetRequiredService<CorsEdge>();
        var limiter = services.GetRequiredService<AbuseLimiter>();
        return guard.InvokeAsync(http, async () =>
        {
            if (await cors.ApplyAsync(http))
            {
                return;
            }

            using var lease = await limiter.ByAddress.AcquireAsync(http, 1, http.RequestAborted);
            if (!lease.IsAcquired)
            {
                await AbuseRefusal.WriteAsync(http, lease);
                return;
            }

            await next();
        });
    }
}
