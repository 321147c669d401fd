using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;

namespace Serverless.Platform.Http;

/// <summary>An HTTP function as the Functions host reads it from <c>functions.metadata</c>: name, methods, route template.</summary>
/// <param name="FunctionName">The function's name.</param>
/// <param name="Methods">The trigger's methods (lower or upper case); empty means every method.</param>
/// <param name="Route">The trigger's route template, relative to the route prefix.</param>
public sealed record HttpFunctionRoute(string FunctionName, IReadOnlyList<string> Methods, string Route);

/// <summary>
/// The HTTP route table built the way the Azure Functions host (v4) builds it, so that the local host answers each
/// request with the function Azure would pick, and tests can ask which function that is.
/// <list type="bullet">
/// <item>The host orders its functions by name, case-insensitively (<c>FunctionMetadataManager.LoadFunctionMetadata</c>:
/// <c>OrderBy(f =&gt; f.Name, StringComparer.OrdinalIgnoreCase)</c>).</item>
/// <item><c>WebScriptHostHttpRoutesManager.InitializeHttpFunctionRoutes</c> maps them in that order, each with an
/// <c>httpMethod</c> constraint (<see cref="HttpMethodRouteConstraint"/>) and its route under the <c>routePrefix</c>
/// of host.json (<c>WebJobsRouteBuilder.MapFunctionRoute</c>: one ASP.NET Core <see cref="Route"/> each, inline
/// constraints resolved by the app's <see cref="IInlineConstraintResolver"/>).</item>
/// <item>The routes go into one <see cref="RouteCollection"/>, which tries them in order and stops at the first that
/// matches: the first template that matches path and method wins; a literal segment is not preferred to a parameter
/// (azure-functions-host #3153 and #9876, azure-webjobs-sdk-extensions PR #842, still open).</item>
/// </list>
/// ASP.NET Core's endpoint routing (<c>MapMethods</c>) prefers the most specific template instead, which is why the
/// local host maps its functions through this table and not through endpoints (docs/decisions/0009-host-route-order.md).
/// </summary>
public static class FunctionsHostRouteTable
{
    /// <summary>host.json <c>extensions.http.routePrefix</c>; a test checks that both agree.</summary>
    public const string RoutePrefix = "api";

    /// <summary>The route data token that names the function a request was routed to.</summary>
    public const string FunctionNameToken = "functionName";

    /// <summary>The functions in the order the host tries their routes.</summary>
    public static IReadOnlyList<HttpFunctionRoute> InHostOrder(IEnumerable<HttpFunctionRoute> functions) =>
        [.. functions.OrderBy(function => function.FunctionName, StringComparer.OrdinalIgnoreCase)];

    /// <summary>The host's router over <paramref name="functions"/>, each request handed to <paramref name="handlerOf"/>'s delegate.</summary>
    public static IRouter Build(
        IEnumerable<HttpFunctionRoute> functions,
        IInlineConstraintResolver constraintResolver,
        Func<HttpFunctionRoute, RequestDelegate> handlerOf,
        string routePrefix = RoutePrefix)
    {
        ArgumentNullException.ThrowIfNull(handlerOf);
        var routes = new RouteCollection();
        foreach (var function in InHostOrder(functions))
        {
            var constraints = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            if (function.Methods.Count > 0)
            {
                constraints.Add("httpMethod", new HttpMethodRouteConstraint([.. function.Methods]));
            }

            routes.Add(new Route(
                new RouteHandler(handlerOf(function)),
                function.FunctionName,
                string.IsNullOrEmpty(routePrefix) ? function.Route : routePrefix + "/" + function.Route,
                defaults: new RouteValueDictionary(),
                constraints,
                dataTokens: new RouteValueDictionary { [FunctionNameToken] = function.FunctionName },
                constraintResolver));
        }

        return routes;
    }

    /// <summary>The function <paramref name="router"/> gives a request to, or null when none matches (the host's own 404).</summary>
    /// <param name="router">A router from <see cref="Build"/>.</param>
    /// <param name="services">Routing and logging services, which the router's routes use.</param>
    /// <param name="method">The request's method.</param>
    /// <param name="path">The request's path, with the route prefix.</param>
    public static async Task<string?> ResolveAsync(IRouter router, IServiceProvider services, string method, string path)
    {
        ArgumentNullException.ThrowIfNull(router);
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = method;
        http.Request.Path = path;
        var routing = new RouteContext(http);
        await router.RouteAsync(routing);
        return routing.Handler is null ? null : routing.RouteData.DataTokens[FunctionNameToken] as string;
    }
}
