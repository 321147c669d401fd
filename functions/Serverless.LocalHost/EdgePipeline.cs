using Serverless.Core.Edge;

namespace Serverless.LocalHost;

/// <summary>
/// The local host's edge: <see cref="HttpEdge"/>, the code the Functions worker's <c>EdgeMiddleware</c> runs around
/// every HTTP function, here around every request. Every request under <c>/api</c> reaches a function (the catch-all
/// takes what no other route does), so the two hosts run the same edge for the same requests.
/// </summary>
public static class EdgePipeline
{
    public static void Use(WebApplication app) =>
        app.Use((context, next) => HttpEdge.InvokeAsync(context.RequestServices, context, () => next(context)));
}
