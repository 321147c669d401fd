using System.Net.Sockets;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Platform.Email;
using Serverless.Platform.Http;
using Serverless.Platform.Storage;

namespace Serverless.Core.Site;

/// <summary>
/// <c>GET /api/health</c>: is the app ready to take applications? Storage answers (a point read in the Applications
/// table), the durable task hub answers, the SMTP relay accepts a connection. 200 when all three do, 503 otherwise;
/// each check says only "ok" or "unavailable" (no host name, account, hub name or error text: the endpoint is public).
/// </summary>
public sealed partial class HealthHandler(StorageClients storage, IOptions<SmtpOptions> smtp, ILogger<HealthHandler> logger)
{
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The partition and row key of the storage probe: no application reference has this shape.</summary>
    public const string ProbeKey = "health-probe";

    public async Task<IActionResult> HandleAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        var checks = await Task.WhenAll(
            CheckAsync("storage", ProbeStorageAsync, cancellationToken),
            CheckAsync("taskHub", async token => await durable.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 1 }).AsPages().FirstOrDefaultAsync(token), cancellationToken),
            CheckAsync("smtp", ConnectSmtpAsync, cancellationToken));
        var ready = checks.All(check => check.Ok);
        return Results.JsonBody(ready ? 200 : 503, new
        {
            status = ready ? "ready" : "unavailable",
            checks = checks.ToDictionary(check => check.Name, check => check.Ok ? "ok" : "unavailable"),
        }).WithHeader("Cache-Control", "no-store");
    }

    /// <summary>
    /// A point read of a row that never exists in a table the app owns: storage answers it (404, no row) with the
    /// app's own role, which in Azure is scoped to each table; the table *service* properties, read before, are an
    /// operation on the account that such a role need not allow.
    /// </summary>
    private async Task ProbeStorageAsync(CancellationToken cancellationToken) =>
        await storage.Table(StorageNames.ApplicationsTable).GetEntityIfExistsAsync<TableEntity>(ProbeKey, ProbeKey, [nameof(ITableEntity.PartitionKey)], cancellationToken);

    private async Task ConnectSmtpAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(smtp.Value.Host, smtp.Value.Port, cancellationToken);
    }

    private async Task<(string Name, bool Ok)> CheckAsync(string name, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await check(timeout.Token);
            return (name, true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Logged for the operator, never returned to the caller.
            LogUnavailable(exception, name);
            return (name, false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check {Check} failed")]
    private partial void LogUnavailable(Exception exception, string check);
}
