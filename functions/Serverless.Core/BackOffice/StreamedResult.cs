using Microsoft.AspNetCore.Http;
using Serverless.Platform.Http;

namespace Serverless.Core.BackOffice;

/// <summary>A download written straight to the response as it is produced (the exports), never held whole in memory.</summary>
public sealed class StreamedResult(string contentType, string fileName, Func<Stream, CancellationToken, Task> write) : WrittenResult(StatusCodes.Status200OK)
{
    protected override async Task WriteBodyAsync(HttpResponse response)
    {
        response.ContentType = contentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
        await write(response.Body, response.HttpContext.RequestAborted);
    }
}
