using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Platform.Http;

namespace Serverless.Core.Edge;

/// <summary>The answer to a request over an abuse limit: 429, <c>Retry-After</c> in seconds, problem+json or a page.</summary>
public static class AbuseRefusal
{
    public static WrittenResult For(HttpRequest request, RateLimitLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return For(request, retryAfter);
    }

    public static WrittenResult For(HttpRequest request, TimeSpan retryAfter) =>
        RefusalResults.For(request, 429, "too-many-requests", RefusalTexts.TooManyTitle, RefusalTexts.TooManyDetail)
            .WithHeader("Retry-After", Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture));

    public static Task WriteAsync(HttpContext context, RateLimitLease lease)
    {
        ArgumentNullException.ThrowIfNull(context);
        return For(context.Request, lease).ExecuteResultAsync(new ActionContext { HttpContext = context });
    }
}
