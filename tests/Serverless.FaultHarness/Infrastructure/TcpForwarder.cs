using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Serverless.FaultHarness.Infrastructure;

/// <summary>
/// A tiny TCP forwarder on 127.0.0.1: in front of maildev's SMTP port it is the "relay" that an outage takes down
/// (connections refused, open sessions cut) while maildev keeps its mail; in front of several local hosts it is the
/// load balancer (round robin, a backend that refuses is skipped).
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly IReadOnlyList<int> backends;
    private readonly ConcurrentDictionary<Guid, TcpClient> open = new();
    private readonly Lock gate = new();
    private TcpListener? listener;
    private CancellationTokenSource? accepting;
    private int next;

    public TcpForwarder(int port, IReadOnlyList<int> backends)
    {
        Port = port;
        this.backends = backends;
    }

    public int Port { get; }

    public bool IsUp
    {
        get
        {
            lock (gate)
            {
                return listener is not null;
            }
        }
    }

    public void Up()
    {
        lock (gate)
        {
            if (listener is not null)
            {
                return;
            }

            var started = new TcpListener(IPAddress.Loopback, Port);
            started.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            started.Start();
            listener = started;
            accepting = new CancellationTokenSource();
            _ = AcceptLoopAsync(started, accepting.Token);
        }
    }

    /// <summary>Refuses new connections and cuts the open ones.</summary>
    public void Down()
    {
        lock (gate)
        {
            accepting?.Cancel();
            accepting?.Dispose();
            accepting = null;
            listener?.Stop();
            listener = null;
        }

        foreach (var (id, client) in open)
        {
            client.Dispose();
            open.TryRemove(id, out _);
        }
    }

    public ValueTask DisposeAsync()
    {
        Down();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptLoopAsync(TcpListener server, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await server.AcceptTcpClientAsync(cancellation);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ForwardAsync(inbound, cancellation);
        }
    }

    private async Task ForwardAsync(TcpClient inbound, CancellationToken cancellation)
    {
        var inboundId = Guid.NewGuid();
        open[inboundId] = inbound;
        var outbound = await ConnectToABackendAsync(cancellation);
        if (outbound is null)
        {
            open.TryRemove(inboundId, out _);
            inbound.Dispose();
            return;
        }

        var outboundId = Guid.NewGuid();
        open[outboundId] = outbound;
        try
        {
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var a = inbound.GetStream().CopyToAsync(outbound.GetStream(), either.Token);
            var b = outbound.GetStream().CopyToAsync(inbound.GetStream(), either.Token);
            await Task.WhenAny(a, b);
            await either.CancelAsync();
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // One side closed or the outage cut it: close both.
        }
        finally
        {
            open.TryRemove(inboundId, out _);
            open.TryRemove(outboundId, out _);
            inbound.Dispose();
            outbound.Dispose();
        }
    }

    private async Task<TcpClient?> ConnectToABackendAsync(CancellationToken cancellation)
    {
        for (var attempt = 0; attempt < backends.Count; attempt++)
        {
            var port = backends[(int)((uint)Interlocked.Increment(ref next) % (uint)backends.Count)];
            var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellation);
                return client;
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                client.Dispose();
            }
        }

        return null;
    }
}
