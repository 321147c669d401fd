using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Serverless.Platform.Http;

namespace Serverless.Core.Edge;

/// <summary>
/// What stands in front of every endpoint, in both hosts (through <see cref="HttpEdge"/>): security headers, a size limit measured while the body streams in, and a clear refusal —
/// problem+json or an HTML page — for everything the handlers or the framework would answer with an empty body or a 500.
/// </summary>
public sealed partial class EdgeGuard(ILogger<EdgeGuard> logger, RequestLog requestLog)
{
    /// <summary>
    /// The longest address (path and query) the app answers: the Functions host's documented URL limit (4 KB), applied
    /// here too so that an address too long for Azure is refused locally as well, with a clear answer.
    /// </summary>
    public const int MaxUrlLength = 4096;

    private readonly bool hsts = SecurityHeaders.InAzure;

    public async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var startedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await GuardAsync(context, next);
        }
        finally
        {
            requestLog.Write(context, startedAt);
        }
    }

    private async Task GuardAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        var response = context.Response;
        response.OnStarting(() =>
        {
            SecurityHeaders.Apply(response, hsts);
            return Task.CompletedTask;
        });

        if ((context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty).Length > MaxUrlLength)
        {
            Refused(StatusCodes.Status414UriTooLong, "uri-too-long", request);
            await WriteAsync(context, RefusalResults.UriTooLong(request));
            return;
        }

        if (!IsCleanPath(context))
        {
            await WriteAsync(context, RefusalResults.BadPath(request));
            return;
        }

        var limit = BodyLimits.For(request.Method, RouteMethods.ApiPath(request.Path.Value) ?? string.Empty);
        var body = new LimitedBodyStream(request.Body, limit);
        request.Body = body;
        if (request.ContentLength > limit)
        {
            Refused(413, "too-large", request);
            await body.DrainAsync(context.RequestAborted);
            await WriteAsync(context, RefusalResults.For(request, RequestRefusedException.TooLarge(limit)));
            return;
        }

        RequestRefusedException? refusal;
        try
        {
            await next();
            refusal = null;
        }
        catch (RequestRefusedException exception)
        {
            refusal = exception;
        }
        catch (BadHttpRequestException exception)
        {
            refusal = exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? RequestRefusedException.TooLarge(limit)
                : RequestRefusedException.MalformedMultipart(exception);
        }
        catch (InvalidDataException exception)
        {
            // The form reader's limits (value count, key length, multipart headers) or a broken multipart body.
            refusal = exception.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? RequestRefusedException.TooManyParts(exception)
                : RequestRefusedException.MalformedMultipart(exception);
        }
        catch (IOException exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            // "Unexpected end of Stream": a truncated multipart body.
            refusal = RequestRefusedException.MalformedMultipart(exception);
        }
        catch (DecoderFallbackException exception)
        {
            refusal = RequestRefusedException.InvalidUtf8(exception);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !response.HasStarted)
        {
            LogUnexpected(exception, SecretRedaction.Path(request.Path.Value ?? string.Empty));
            await WriteAsync(context, RefusalResults.ServerError(request));
            return;
        }

        if (refusal is not null)
        {
            if (response.HasStarted)
            {
                throw refusal;
            }

            Refused(refusal.Status, refusal.Type, request);
            if (refusal.Status == StatusCodes.Status413PayloadTooLarge)
            {
                await body.DrainAsync(context.RequestAborted);
            }

            await WriteAsync(context, RefusalResults.For(request, refusal));
            return;
        }

        await ExplainBareStatusAsync(context);
    }

    /// <summary>A 404 or 405 with no body (the framework's routing) gets a problem+json, and 405 its <c>Allow</c>.</summary>
    private static async Task ExplainBareStatusAsync(HttpContext context)
    {
        var response = context.Response;
        if (response.HasStarted || response.ContentType is not null || response.ContentLength > 0)
        {
            return;
        }

        if (response.StatusCode == StatusCodes.Status404NotFound)
        {
            var apiPath = RouteMethods.ApiPath(context.Request.Path.Value);
            var match = apiPath is null ? null : RouteMethods.Match(apiPath);
            await WriteAsync(context, match is { } known && !known.Methods.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase)
                ? RefusalResults.MethodNotAllowed(context.Request, known.Methods)
                : RefusalResults.NotFound(context.Request));
        }
        else if (response.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            var match = RouteMethods.Match(RouteMethods.ApiPath(context.Request.Path.Value) ?? string.Empty);
            await WriteAsync(context, RefusalResults.MethodNotAllowed(context.Request, match?.Methods ?? []));
        }
    }

    private static bool IsCleanPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        var question = raw.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? raw : raw[..question];
        if (rawPath.Contains("%00", StringComparison.Ordinal))
        {
            return false;
        }

        var path = context.Request.Path.Value ?? string.Empty;
        return !path.Any(character => char.IsControl(character) || char.IsSurrogate(character) || character == '\uFFFD');
    }

    private static Task WriteAsync(HttpContext context, WrittenResult result)
    {
        // Not Response.Clear(): the CORS headers already set must stay, so a widget can read the refusal.
        return result.ExecuteResultAsync(new ActionContext { HttpContext = context });
    }

    private void Refused(int status, string type, HttpRequest request)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            var path = SecretRedaction.Path(request.Path.Value ?? string.Empty);
            LogRefused(status, type, path);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request to {Path} refused: {Status} {ProblemType}")]
    private partial void LogRefused(int status, string problemType, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure answering {Path}")]
    private partial void LogUnexpected(Exception exception, string path);
}
