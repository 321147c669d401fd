using System.Diagnostics;
using System.Globalization;
using Serverless.FaultHarness.Infrastructure;

namespace Serverless.LoadTests;

/// <summary>
/// One local host (<c>dotnet Serverless.LocalHost.dll</c>) as a separate process: how long it takes from the process
/// start until <c>GET /api/health</c> answers 200, and its memory (VmRSS sampled, VmHWM at the end) from /proc.
/// </summary>
public sealed class HostProcess(string name, string hostDll, IReadOnlyDictionary<string, string> settings, string logFile, int port) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private ChildProcess? process;
    private long peakSampledKb;

    public string Name { get; } = name;

    public int Port { get; } = port;

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>The host's process id while it runs (the CPU meter reads /proc with it).</summary>
    public int? ProcessId => process?.Id;

    /// <summary>From the process start to the first 200 of /api/health.</summary>
    public TimeSpan TimeToReady { get; private set; }

    public double PeakSampledRssMb => peakSampledKb / 1024.0;

    public async Task StartAsync()
    {
        var started = Stopwatch.GetTimestamp();
        process = ChildProcess.Start("dotnet", [hostDll, "--urls", Address.ToString().TrimEnd('/')], settings, logFile, Path.GetDirectoryName(hostDll));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The local host {Name} exited while starting: see {logFile}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/api/health"));
                if (response.IsSuccessStatusCode)
                {
                    TimeToReady = Stopwatch.GetElapsedTime(started);
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (Stopwatch.GetElapsedTime(started) > StartTimeout)
            {
                throw new TimeoutException($"The local host {Name} was not healthy within {StartTimeout.TotalSeconds:F0} s: see {logFile}.");
            }

            // Short polls: the start time is measured to about 50 ms.
            await Task.Delay(50);
        }
    }

    /// <summary>VmRSS now (kB), remembered as the sampled peak; null when the process is gone.</summary>
    public long? SampleRssKb()
    {
        var rss = Status("VmRSS");
        if (rss is { } value)
        {
            peakSampledKb = Math.Max(peakSampledKb, value);
        }

        return rss;
    }

    /// <summary>The kernel's high-water mark of the resident set (VmHWM), in MB.</summary>
    public double? HighWaterMarkMb => Status("VmHWM") / 1024.0;

    public async Task KillHardAsync()
    {
        if (process is not null)
        {
            await process.KillHardAsync();
            await process.DisposeAsync();
            process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
            process = null;
        }
    }

    private long? Status(string field)
    {
        if (process is null || process.HasExited)
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process just ended.
        }

        return null;
    }
}
