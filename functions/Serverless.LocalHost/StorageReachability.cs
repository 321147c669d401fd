using System.Net.Sockets;

namespace Serverless.LocalHost;

/// <summary>Storage endpoints that do not answer: the one line that says so and how to start Azurite.</summary>
public sealed class StorageUnreachableException : Exception
{
    public StorageUnreachableException()
    {
    }

    public StorageUnreachableException(string message)
        : base(message)
    {
    }

    public StorageUnreachableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Before the task hub is created: does the storage of a connection string accept connections? (Without this check the
/// storage SDK retries for a long while and ends in a stack trace.) Only connection strings are checked; an Azure
/// account reached by identity is left to the SDK.
/// </summary>
public static class StorageReachability
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    private static readonly string[] EndpointNames = ["BlobEndpoint", "QueueEndpoint", "TableEndpoint"];

    public static async Task EnsureAsync(string? connectionString, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return;
        }

        foreach (var endpoint in Endpoints(connectionString))
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await client.ConnectAsync(endpoint.Host, endpoint.Port, timeout.Token);
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new StorageUnreachableException(
                    $"Le stockage ne répond pas / Storage is not answering on {endpoint.Host}:{endpoint.Port}: start Azurite with ./scripts/run-local.sh, or `npx azurite --silent --skipApiVersionCheck --disableTelemetry --location .azurite`, then start again.",
                    exception);
            }
        }
    }

    /// <summary>The blob, queue and table endpoints a connection string names (Azurite's well-known ones for development storage).</summary>
    public static IReadOnlyList<Uri> Endpoints(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var development) && development.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return [new Uri("http://127.0.0.1:10000"), new Uri("http://127.0.0.1:10001"), new Uri("http://127.0.0.1:10002")];
        }

        return [.. EndpointNames
            .Select(name => parts.GetValueOrDefault(name))
            .OfType<string>()
            .Select(value => Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()];
    }
}
