using System.Globalization;

namespace Serverless.FaultHarness.Infrastructure;

/// <summary>
/// One local host (<c>dotnet Serverless.LocalHost.dll --urls …</c>) as a separate process, configured only through
/// environment variables, so that it can be killed with <c>kill -9</c> and started again on the same port.
/// </summary>
public sealed class LocalHostProcess(string name, string hostDll, IReadOnlyDictionary<string, string> settings, string logFile) : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private ChildProcess? process;

    public string Name { get; } = name;

    public int Port { get; } = Ports.Free();

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public bool IsRunning => process is { HasExited: false };

    /// <summary>Started, not killed by the harness, and no longer running.</summary>
    public bool HasCrashed => process is { HasExited: true };

    public async Task StartAsync()
    {
        process = ChildProcess.Start(
            "dotnet",
            [hostDll, "--urls", Address.ToString().TrimEnd('/')],
            settings,
            logFile,
            Path.GetDirectoryName(hostDll));
        await WaitUntilServingAsync();
    }

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

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process is null || process.HasExited)
            {
                throw new InvalidOperationException($"The local host {Name} exited while starting: see {logFile}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "/api/procedures"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"The local host {Name} did not serve /api/procedures within {StartTimeout.TotalSeconds:F0} s: see {logFile}."));
            }

            await Task.Delay(250);
        }
    }
}
