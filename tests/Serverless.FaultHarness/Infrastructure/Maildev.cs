using System.Globalization;

namespace Serverless.FaultHarness.Infrastructure;

/// <summary>maildev as a node process: the SMTP sink whose REST API shows every message the product sent.</summary>
public sealed class Maildev(string nodeModules, string mailDirectory, string logFile) : IAsyncDisposable
{
    private ChildProcess? process;

    public int SmtpPort { get; } = Ports.Free();

    public int WebPort { get; } = Ports.Free();

    public Uri WebUrl => new($"http://127.0.0.1:{WebPort}");

    /// <summary>The node process's id while it runs (the load harness reads its CPU time).</summary>
    public int? ProcessId => process?.Id;

    public async Task StartAsync()
    {
        Directory.CreateDirectory(mailDirectory);
        process = ChildProcess.Start(
            "node",
            [
                Path.Combine(nodeModules, "maildev", "dist", "bin", "maildev.js"),
                "--smtp", SmtpPort.ToString(CultureInfo.InvariantCulture), "--web", WebPort.ToString(CultureInfo.InvariantCulture),
                "--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--mail-directory", mailDirectory,
            ],
            new Dictionary<string, string>(),
            logFile);
        await Ports.WaitForAsync(SmtpPort, TimeSpan.FromSeconds(30), "maildev SMTP");
        await Ports.WaitForAsync(WebPort, TimeSpan.FromSeconds(30), "maildev web");
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
            process = null;
        }
    }
}
