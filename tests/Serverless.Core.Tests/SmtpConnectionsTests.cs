using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Platform.Email;

namespace Serverless.Core.Tests;

/// <summary>
/// Keeping SMTP sessions between messages, against a minimal relay on a loopback socket that counts connections and
/// messages (the integration tests send through maildev; here the relay must be able to drop a session on purpose).
/// </summary>
public sealed class SmtpConnectionsTests
{
    [Fact]
    public async Task SendAsync_ThreeMessagesOneAfterTheOther_AllGoThroughOneSession()
    {
        await using var relay = new LoopbackRelay(dropAfterEachMessage: false);
        var (sender, connections) = SenderFor(relay.Port);
        using (connections)
        {
            for (var number = 1; number <= 3; number++)
            {
                await sender.SendAsync(Message(number), CancellationToken.None);
            }
        }

        Assert.Equal(3, relay.Messages);
        Assert.Equal(1, relay.Connections);
    }

    [Fact]
    public async Task SendAsync_RelayClosedTheKeptSession_SendsOnANewSessionOnce()
    {
        await using var relay = new LoopbackRelay(dropAfterEachMessage: true);
        var (sender, connections) = SenderFor(relay.Port);
        using (connections)
        {
            await sender.SendAsync(Message(1), CancellationToken.None);
            await relay.WaitUntilDroppedAsync(1);
            await sender.SendAsync(Message(2), CancellationToken.None);
        }

        Assert.Equal(2, relay.Messages);
        Assert.Equal(2, relay.Connections);
    }

    [Fact]
    public async Task SendAsync_NoRelayListening_FailsSoTheOutboxKeepsTheMessageUnsent()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var (sender, connections) = SenderFor(port);
        using (connections)
        {
            await Assert.ThrowsAnyAsync<SocketException>(() => sender.SendAsync(Message(1), CancellationToken.None));
        }
    }

    private static (EmailSender Sender, SmtpConnections Connections) SenderFor(int port)
    {
        var options = Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SecureSocketOptions.None, FromAddress = "ne-pas-repondre@saint-exemple.example" });
        var connections = new SmtpConnections(options);
        return (new EmailSender(options, connections, NullLogger<EmailSender>.Instance), connections);
    }

    private static EmailMessage Message(int number) => new("agent@saint-exemple.example", $"Message {number}", $"<p>{number}</p>", number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Speaks just enough SMTP to accept messages; optionally closes the session after each one.</summary>
    private sealed class LoopbackRelay : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly bool dropAfterEachMessage;
        private readonly Task accepting;
        private int messages;
        private int connections;
        private int dropped;

        public LoopbackRelay(bool dropAfterEachMessage)
        {
            this.dropAfterEachMessage = dropAfterEachMessage;
            listener.Start();
            accepting = AcceptAsync();
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public int Messages => Volatile.Read(ref messages);

        public int Connections => Volatile.Read(ref connections);

        public async Task WaitUntilDroppedAsync(int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (Volatile.Read(ref dropped) < count)
            {
                await Task.Delay(10, timeout.Token);
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var client = await listener.AcceptTcpClientAsync(stop.Token);
                    Interlocked.Increment(ref connections);
                    _ = ServeAsync(client);
                }
            }
            catch (OperationCanceledException)
            {
                // Disposed.
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { AutoFlush = true, NewLine = "\r\n" };
                await writer.WriteLineAsync("220 relay.test ESMTP");
                var inData = false;
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    if (inData)
                    {
                        if (line == ".")
                        {
                            inData = false;
                            Interlocked.Increment(ref messages);
                            await writer.WriteLineAsync("250 2.0.0 queued");
                            if (dropAfterEachMessage)
                            {
                                break;
                            }
                        }

                        continue;
                    }

                    var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                    switch (command)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250 relay.test");
                            break;
                        case "DATA":
                            inData = true;
                            await writer.WriteLineAsync("354 go ahead");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 bye");
                            return;
                        default:
                            await writer.WriteLineAsync("250 ok");
                            break;
                    }
                }
            }

            Interlocked.Increment(ref dropped);
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            await accepting;
            stop.Dispose();
        }
    }
}
