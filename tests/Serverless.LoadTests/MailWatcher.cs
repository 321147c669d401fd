using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace Serverless.LoadTests;

/// <summary>
/// Follows maildev's inbox as it fills (only the messages after the ones already seen are read: the inbox holds
/// several messages per application), and notes when each application's acknowledgement, review request and
/// certificate e-mail arrived — maildev's own receipt time, on the same clock as the harness. Review requests are
/// handed to the agents as they come.
/// </summary>
public sealed partial class MailWatcher : IAsyncDisposable
{
    private const int PageSize = 200;
    private readonly HttpClient http;
    private readonly CancellationTokenSource stop = new();
    private readonly Channel<(string Reference, string MailId)> reviews = Channel.CreateUnbounded<(string, string)>();
    private readonly Task loop;
    private int seen;

    private MailWatcher(Uri maildev, int alreadyThere)
    {
        http = new HttpClient { BaseAddress = maildev, Timeout = TimeSpan.FromSeconds(30) };
        seen = alreadyThere;
        loop = Task.Run(RunAsync);
    }

    /// <summary>Follows the messages that arrive from now on (an earlier pass's messages are skipped).</summary>
    public static async Task<MailWatcher> StartAsync(Uri maildev)
    {
        using var http = new HttpClient { BaseAddress = maildev, Timeout = TimeSpan.FromSeconds(30) };
        using var json = JsonDocument.Parse(await http.GetStringAsync("/api/email/summary?sort=asc&limit=1"));
        return new MailWatcher(maildev, json.RootElement.GetProperty("total").GetInt32());
    }

    public ConcurrentDictionary<string, DateTimeOffset> Acknowledged { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, DateTimeOffset> ReviewRequested { get; } = new(StringComparer.Ordinal);

    /// <summary>"Demande acceptée – REF": the citizen's decision e-mail with the certificate attached.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> Certified { get; } = new(StringComparer.Ordinal);

    public ChannelReader<(string Reference, string MailId)> ReviewRequests => reviews.Reader;

    public int Seen => Volatile.Read(ref seen);

    private async Task RunAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                int read;
                do
                {
                    using var json = JsonDocument.Parse(await http.GetStringAsync(string.Create(CultureInfo.InvariantCulture, $"/api/email/summary?sort=asc&limit={PageSize}&skip={seen}"), stop.Token));
                    var items = json.RootElement.GetProperty("items");
                    read = items.GetArrayLength();
                    foreach (var mail in items.EnumerateArray())
                    {
                        Note(mail);
                    }

                    Interlocked.Add(ref seen, read);
                }
                while (read == PageSize);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
            {
                // maildev busy or stopping: look again.
            }

            try
            {
                await Task.Delay(200, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Note(JsonElement mail)
    {
        var subject = mail.GetProperty("subject").GetString() ?? string.Empty;
        var reference = ReferenceShape().Match(subject);
        if (!reference.Success)
        {
            return;
        }

        var at = mail.GetProperty("time").GetDateTimeOffset();
        if (subject.StartsWith("Accusé de réception", StringComparison.Ordinal))
        {
            Acknowledged.TryAdd(reference.Value, at);
        }
        else if (subject.StartsWith("[À instruire]", StringComparison.Ordinal))
        {
            if (ReviewRequested.TryAdd(reference.Value, at))
            {
                reviews.Writer.TryWrite((reference.Value, mail.GetProperty("id").GetString()!));
            }
        }
        else if (subject.StartsWith("Demande acceptée", StringComparison.Ordinal))
        {
            Certified.TryAdd(reference.Value, at);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        reviews.Writer.TryComplete();
        stop.Dispose();
        http.Dispose();
    }

    [GeneratedRegex("\\b[A-Z]{2,6}-[0-9]{4}-[2-9A-HJKMNP-TV-Z]{6}\\b")]
    private static partial Regex ReferenceShape();
}
