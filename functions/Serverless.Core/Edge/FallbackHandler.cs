using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Serverless.Core.Edge;

/// <summary>
/// What no other route takes (<see cref="Routes.Fallback"/>): a known address with another method is 405 with
/// <c>Allow</c>, anything else 404, both problem+json (or a page for a browser). In the Functions app this is the only
/// way such requests reach the app's code; in the local host the edge gives the same answers.
/// </summary>
public static class FallbackHandler
{
    public static IActionResult Handle(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var match = RouteMethods.Match(RouteMethods.ApiPath(request.Path.Value) ?? string.Empty);
        return match is { } known && !known.Methods.Contains(request.Method, StringComparer.OrdinalIgnoreCase)
            ? RefusalResults.MethodNotAllowed(request, known.Methods)
            : RefusalResults.NotFound(request);
    }
}
