using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Serverless.Core.Edge;

/// <summary>
/// <see cref="CorsPolicy"/> where no CORS middleware runs (the Functions worker): the framework's
/// <see cref="ICorsService"/> evaluates the request and writes the headers; an OPTIONS request (a preflight, or any
/// other) is answered here and never reaches a handler.
/// </summary>
public sealed class CorsEdge(ICorsService cors, ICorsPolicyProvider policies)
{
    /// <returns>True when the request was answered (OPTIONS).</returns>
    public async Task<bool> ApplyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var policy = await policies.GetPolicyAsync(context, null);
        if (policy is not null && context.Request.Headers.ContainsKey("Origin"))
        {
            var result = cors.EvaluatePolicy(context, policy);
            cors.ApplyResult(result, context.Response);
        }

        if (!HttpMethods.IsOptions(context.Request.Method))
        {
            return false;
        }

        var allowed = RouteMethods.Match(RouteMethods.ApiPath(context.Request.Path.Value) ?? string.Empty)?.Methods ?? [];
        context.Response.StatusCode = allowed.Count == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status204NoContent;
        context.Response.Headers.Allow = string.Join(", ", allowed.Append("OPTIONS"));
        return true;
    }
}
