using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Core.Payments.PayFip;

namespace Serverless.IntegrationTests.Payments;

/// <summary>
/// A régie's notification endpoint (Kestrel in the test process, on a free loopback port): records each POST the
/// local PayFiP sends to urlnotif, and the idOp <see cref="PayFipNotification"/> reads from its body.
/// </summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<(string Method, string? ContentType, string Body, string? IdOp)> received = new();

    private NotificationReceiver(WebApplication app, int port)
    {
        this.app = app;
        Url = new Uri($"http://127.0.0.1:{port}/api/payments/payfip/notification");
    }

    public Uri Url { get; }

    public static async Task<NotificationReceiver> StartAsync()
    {
        var port = TestEnvironment.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new NotificationReceiver(app, port);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The notifications that named this idOp.</summary>
    public IReadOnlyList<(string Method, string? ContentType, string Body, string? IdOp)> For(string idOp) =>
        [.. received.Where(notification => notification.IdOp == idOp)];

    /// <summary>Waits until the notifications naming an idOp number <paramref name="count"/> (polling; fails after 30 seconds).</summary>
    public async Task WaitForAsync(string idOp, int count)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (For(idOp).Count < count)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"{For(idOp).Count} notifications for the payment, {count} expected");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        received.Enqueue((context.Request.Method, context.Request.ContentType, body, PayFipNotification.TryReadIdOp(body, out var idOp) ? idOp : null));
        context.Response.StatusCode = StatusCodes.Status200OK;
    }
}
