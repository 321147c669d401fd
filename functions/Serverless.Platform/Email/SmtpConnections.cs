using System.Collections.Concurrent;
using System.Diagnostics;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;

namespace Serverless.Platform.Email;

/// <summary>
/// Connected SMTP sessions kept for the next message: a new session per message pays the TCP connection, the
/// greeting and EHLO (and TLS and AUTH with a real relay) on every e-mail. A session idle longer than
/// <see cref="MaxIdle"/> is closed rather than reused, because relays drop idle sessions; a session whose send failed
/// is never kept. At most <see cref="MaxKept"/> sessions wait; more senders at once open sessions of their own.
/// </summary>
public sealed class SmtpConnections(IOptions<SmtpOptions> options) : IDisposable
{
    public static readonly TimeSpan MaxIdle = TimeSpan.FromSeconds(15);

    public const int MaxKept = 16;

    private readonly ConcurrentQueue<(SmtpClient Client, long IdleSince)> idle = new();

    /// <summary>A connected session, and whether it was kept from an earlier message (it may have been dropped since).</summary>
    public async Task<(SmtpClient Client, bool Reused)> TakeAsync(CancellationToken cancellationToken)
    {
        while (idle.TryDequeue(out var kept))
        {
            if (kept.Client.IsConnected && Stopwatch.GetElapsedTime(kept.IdleSince) < MaxIdle)
            {
                return (kept.Client, true);
            }

            Close(kept.Client);
        }

        return (await OpenAsync(cancellationToken), false);
    }

    /// <summary>The longest an SMTP command may take before the send fails.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    public async Task<SmtpClient> OpenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // 30 s per SMTP command (MailKit's default is two minutes): the e-mail dispatcher's claim on a message outlasts it.
        var client = new SmtpClient { Timeout = (int)CommandTimeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.UserName))
            {
                await client.AuthenticateAsync(settings.UserName, settings.Password, cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>After a message the relay accepted: kept for the next one, or closed when enough wait already.</summary>
    public void Return(SmtpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.IsConnected && idle.Count < MaxKept)
        {
            idle.Enqueue((client, Stopwatch.GetTimestamp()));
        }
        else
        {
            Close(client);
        }
    }

    /// <summary>After a failure: the session's state is unknown, so it is never reused.</summary>
    public static void Discard(SmtpClient client) => Close(client);

    public void Dispose()
    {
        while (idle.TryDequeue(out var kept))
        {
            Close(kept.Client);
        }
    }

    private static void Close(SmtpClient client)
    {
        // Dropping the socket is enough for a session with nothing in flight; a QUIT would cost a round trip.
        client.Dispose();
    }
}
