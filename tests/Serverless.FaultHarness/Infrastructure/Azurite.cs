using System.Globalization;

namespace Serverless.FaultHarness.Infrastructure;

/// <summary>
/// Azurite as a node process on three loopback ports and a data folder. <see cref="StopAsync"/> and
/// <see cref="StartAsync"/> with the same folder and ports are a storage outage: the data survives it, unless
/// <paramref name="inMemory"/> keeps it in memory only (the load harness: Azurite's disk persistence rewrites its whole
/// database file every few seconds, a cost that grows with the data and that Azure Storage does not have).
/// </summary>
public sealed class Azurite(string nodeModules, string location, string logFile, bool inMemory = false) : IAsyncDisposable
{
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly int blobPort = Ports.Free();
    private readonly int queuePort = Ports.Free();
    private readonly int tablePort = Ports.Free();
    private ChildProcess? process;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    public async Task StartAsync()
    {
        Directory.CreateDirectory(location);
        process = ChildProcess.Start(
            "node",
            [
                Path.Combine(nodeModules, "azurite", "dist", "src", "azurite.js"),
                // Azurite refuses a data folder together with in-memory persistence.
                .. (inMemory ? (string[])["--inMemoryPersistence"] : ["--location", location]),
                "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", Text(blobPort),
                "--queueHost", "127.0.0.1", "--queuePort", Text(queuePort),
                "--tableHost", "127.0.0.1", "--tablePort", Text(tablePort),
            ],
            new Dictionary<string, string>(),
            logFile);
        foreach (var port in new[] { blobPort, queuePort, tablePort })
        {
            await Ports.WaitForAsync(port, TimeSpan.FromSeconds(30), "Azurite");
        }
    }

    public async Task StopAsync()
    {
        if (process is not null)
        {
            await process.DisposeAsync();
            process = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
