using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Serverless.Core.Edge;

namespace Serverless.Functions;

/// <summary>
/// <see cref="HttpEdge"/> around every HTTP function, as the local host runs it around every request it routes;
/// orchestrations, activities, timers and queue triggers pass through untouched.
/// </summary>
public sealed class EdgeMiddleware : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.GetHttpContext();
        return http is null ? next(context) : HttpEdge.InvokeAsync(context.InstanceServices, http, () => next(context));
    }
}
