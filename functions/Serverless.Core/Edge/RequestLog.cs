using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Core.Edge;

/// <summary>
/// The one request log line of both hosts, written with the URL's secrets masked (<see cref="SecretRedaction"/>).
/// The framework's own request lines, which carry the raw URL, are switched off (the local host's logging filters,
/// <c>Host.Results</c> in the Functions app's host.json).
/// </summary>
public sealed partial class RequestLog(ILogger<RequestLog> logger)
{
    public void Write(HttpContext context, long startedAt)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var request = context.Request;
        var url = SecretRedaction.Path(request.Path.Value ?? string.Empty) + SecretRedaction.Query(request.QueryString.Value ?? string.Empty);
        var elapsed = (long)Stopwatch.GetElapsedTime(startedAt).TotalMilliseconds;
        LogRequest(request.Method, url, context.Response.StatusCode, elapsed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Url} answered {Status} in {ElapsedMs} ms")]
    private partial void LogRequest(string method, string url, int status, long elapsedMs);
}
