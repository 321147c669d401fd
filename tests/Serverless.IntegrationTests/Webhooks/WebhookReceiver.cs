using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StandardWebhooks;

namespace Serverless.IntegrationTests.Webhooks;

/// <summary>How the receiver answers one request: a status, after a pause, with an optional Retry-After or Location.</summary>
public sealed record Answer(int Status, TimeSpan Pause = default, string? RetryAfter = null, string? Location = null)
{
    public static readonly Answer Ok = new(200);
}

/// <summary>One request as the receiver saw it, checked with the StandardWebhooks library's verifier against every secret.</summary>
public sealed record Received(string Path, string Id, string Timestamp, string Signature, string Body, DateTimeOffset At, IReadOnlyList<string> VerificationErrors)
{
    private JsonElement Payload => JsonDocument.Parse(Body).RootElement;

    public string Type => Payload.GetProperty("type").GetString()!;

    public string Reference => Payload.GetProperty("data").GetProperty("reference").GetString()!;

    public long Sequence => Payload.GetProperty("data").GetProperty("sequence").GetInt64();

    public JsonElement Data => Payload.GetProperty("data");

    public bool Verified => VerificationErrors.Count == 0;
}

/// <summary>
/// A real receiving HTTP server (Kestrel in the test process, on a free loopback port). Each path answers from its
/// script in order (then 200), records every request, and verifies each with <see cref="StandardWebhook.Verify"/>
/// for every secret, as a commune's system would during a key rotation.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly IReadOnlyList<string> secrets;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Answer>> scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Received> received = new();

    private WebhookReceiver(WebApplication app, IReadOnlyList<string> secrets, int port)
    {
        this.app = app;
        this.secrets = secrets;
        Port = port;
    }

    public int Port { get; }

    public Uri Url(string path) => new($"http://127.0.0.1:{Port}/{path}");

    public static async Task<WebhookReceiver> StartAsync(IReadOnlyList<string> secrets)
    {
        var port = TestEnvironment.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secrets, port);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The answers a path gives to its next requests, in order; after them it answers 200.</summary>
    public void Script(string path, params Answer[] answers)
    {
        var queue = scripts.GetOrAdd(path, _ => new ConcurrentQueue<Answer>());
        foreach (var answer in answers)
        {
            queue.Enqueue(answer);
        }
    }

    public IReadOnlyList<Received> At(string path) => [.. received.Where(request => request.Path == path)];

    /// <summary>Waits until what a path received satisfies <paramref name="condition"/> (polling; fails after a minute).</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(string path, Func<IReadOnlyList<Received>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var now = At(path);
            if (condition(now))
            {
                return now;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{path} received {now.Count} requests, not what the test waited for: {string.Join(" | ", now.Select(request => request.Body))}");
            await Task.Delay(100);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value!.TrimStart('/');
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var errors = new List<string>();
        foreach (var secret in secrets)
        {
            if (VerifyError(secret, body, context.Request.Headers) is { } error)
            {
                errors.Add($"{secret[..10]}…: {error}");
            }
        }

        received.Enqueue(new Received(
            path,
            context.Request.Headers["webhook-id"].ToString(),
            context.Request.Headers["webhook-timestamp"].ToString(),
            context.Request.Headers["webhook-signature"].ToString(),
            body,
            DateTimeOffset.UtcNow,
            errors));
        var answer = scripts.TryGetValue(path, out var script) && script.TryDequeue(out var next) ? next : Answer.Ok;
        if (answer.Pause > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Pause, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // The sender gave up (its timeout): nothing to answer.
            }
        }

        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        if (answer.Location is { } location)
        {
            context.Response.Headers.Location = location;
        }
    }

    /// <summary>
    /// The library's verdict for one secret, or null when it accepts. StandardWebhooks 1.1.2 compares its secret with
    /// the first signature of the header only (seen here: with "v1,old v1,new" a receiver holding only the new secret
    /// is refused), so a receiver in the middle of a rotation hands it each signature of the header in turn, as this
    /// one does; the signatures themselves are still checked by the library.
    /// </summary>
    private static string? VerifyError(string secret, string body, IHeaderDictionary headers)
    {
        string? error = null;
        foreach (var signature in headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var single = new HeaderDictionary
            {
                ["webhook-id"] = headers["webhook-id"],
                ["webhook-timestamp"] = headers["webhook-timestamp"],
                ["webhook-signature"] = signature,
            };
            try
            {
                new StandardWebhook(secret).Verify(body, single);
                return null;
            }
            catch (Exception exception)
            {
                error = exception.Message;
            }
        }

        return error ?? "no signature";
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
