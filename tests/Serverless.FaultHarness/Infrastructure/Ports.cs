using System.Net;
using System.Net.Sockets;

namespace Serverless.FaultHarness.Infrastructure;

/// <summary>Loopback ports: a free one, and waiting (bounded) until something listens on one.</summary>
public static class Ports
{
    private static readonly HashSet<int> HandedOut = [];
    private static readonly Lock Gate = new();

    /// <summary>
    /// A free port, never one this process handed out before: the system may give the same ephemeral port to two
    /// listeners opened and closed in a row (seen: Azurite's blob and table services on one port, EADDRINUSE).
    /// </summary>
    public static int Free()
    {
        const int MaxTries = 50;
        for (var attempt = 0; attempt < MaxTries; attempt++)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Gate)
            {
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No loopback port that was not handed out already after {MaxTries} tries.");
    }

    public static async Task<bool> IsListeningAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    public static async Task WaitForAsync(int port, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await IsListeningAsync(port))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what}: nothing listens on 127.0.0.1:{port} after {timeout.TotalSeconds:F0} s.");
            }

            await Task.Delay(200);
        }
    }
}
