using System.Globalization;

namespace Serverless.LoadTests;

/// <summary>
/// A progress bar on stderr (stdout keeps the results): redrawn in place on a terminal, one line every 5 s otherwise
/// (a CI log). The caller says what the phase is and how far it got.
/// </summary>
public sealed class ProgressBar : IAsyncDisposable
{
    private readonly string phase;
    private readonly int total;
    private readonly Func<(int Done, string Detail)> read;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly DateTime started = DateTime.UtcNow;

    public ProgressBar(string phase, int total, Func<(int Done, string Detail)> read)
    {
        this.phase = phase;
        this.total = total;
        this.read = read;
        loop = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        var interactive = !Console.IsErrorRedirected;
        var lastLine = DateTime.MinValue;
        while (!stop.IsCancellationRequested)
        {
            if (interactive || DateTime.UtcNow - lastLine > TimeSpan.FromSeconds(5))
            {
                Draw(interactive);
                lastLine = DateTime.UtcNow;
            }

            try
            {
                await Task.Delay(interactive ? 250 : 1000, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        Draw(interactive);
        if (interactive)
        {
            await Console.Error.WriteLineAsync();
        }
    }

    private void Draw(bool interactive)
    {
        var (done, detail) = read();
        const int Width = 30;
        var filled = total == 0 ? Width : Math.Clamp(done * Width / total, 0, Width);
        var line = string.Create(CultureInfo.InvariantCulture, $"{phase,-22} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} {detail} {(DateTime.UtcNow - started).TotalSeconds:F0} s");
        Console.Error.Write(interactive ? "\r" + line.PadRight(120) : line + Environment.NewLine);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
