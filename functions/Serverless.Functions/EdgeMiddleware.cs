using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Http.Edge;

namespace Serverless.Functions;

/// <summary>
/// The Functions app's twin of the local host's edge pipeline: the same <see cref="EdgeGuard"/> (security headers,
/// streaming size limits, problem+json refusals) and the same <see cref="AbuseLimiter"/> around every HTTP function.
/// Orchestrations, activities and timers pass through untouched.
/// </summary>
public sealed class EdgeMiddleware : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.GetHttpContext();
        if (http is null)
        {
            await next(context);
            return;
        }

        var guard = context.InstanceServices.GetRequiredService<EdgeGuard>();
        var limiter = context.InstanceServices.GetRequiredService<AbuseLimiter>();
        var cors = context.InstanceServices.GetRequiredService<CorsEdge>();
        await guard.InvokeAsync(http, async () =>
        {
            // The platform's CORS is off (Bicep): the app's one policy answers preflights and sets the headers.
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

            await next(context);
        });
    }
}
