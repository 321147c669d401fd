using System.Globalization;
using Serverless.FaultHarness.Infrastructure;

namespace Serverless.LoadTests;

/// <summary>
/// Azurite's three services as three node processes (the package's <c>azurite-blob</c>, <c>azurite-queue</c> and
/// <c>azurite-table</c> entry points), each on a free loopback port, in memory. One process each so that the CPU each
/// service spends can be read from /proc apart: in one process the three share one event loop and one figure, and
/// the table service's scans could not be told from the queue service's sorting.
/// </summary>
public sealed class SplitAzurite(string nodeModules, string workDirectory, string logFilePrefix) : IAsyncDisposable
{
    private readonly List<(string Service, ChildProcess Process)> processes = [];

    public int BlobPort { get; } = Ports.Free();

    public int QueuePort { get; } = Ports.Free();

    public int TablePort { get; } = Ports.Free();

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Azurite.AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>The running services by name (<c>azurite-blob</c>, …) with their process ids, for the CPU meter.</summary>
    public IReadOnlyList<(string Name, int ProcessId)> Processes => [.. processes.Select(entry => ($"azurite-{entry.Service}", entry.Process.Id))];

    public async Task StartAsync()
    {
        foreach (var (service, port) in new[] { ("blob", BlobPort), ("queue", QueuePort), ("table", TablePort) })
        {
            // In memory: the disk persistence rewrites a whole database file every few seconds (see Program.cs). Each
            // service gets a working folder of its own: with no --location, Azurite uses the current folder.
            var folder = Path.Combine(workDirectory, "azurite-" + service);
            Directory.CreateDirectory(folder);
                        processes.Add((service, ChildProcess.Start(
                "node",
                [
                    Path.Combine(nodeModules, "azurite", "dist", "src", service, "main.js"),
                    "--inMemoryPersistence", "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
                    $"--{service}Host", "127.0.0.1", $"--{service}Port", Text(port),
                ],
                new Dictionary<string, string>(),
                $"{logFilePrefix}-{service}.log",
                folder)));
        }

        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            await Ports.WaitForAsync(port, TimeSpan.FromSeconds(30), "Azurite");
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Each one stopped even when another fails to stop: the harness must leave no process behind.
        var failures = new List<Exception>();
        foreach (var (_, process) in processes)
        {
            try
            {
                await process.DisposeAsync();
            }
            catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                failures.Add(exception);
            }
        }

        processes.Clear();
        if (failures.Count > 0)
        {
            throw new AggregateException("Azurite: a service did not stop cleanly.", failures);
        }
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
