using Microsoft.Extensions.Configuration;
using Serverless.Core;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Core.Transparency;
using Serverless.Platform.Configuration;
using Serverless.Platform.Storage;

namespace Serverless.LoadTests;

/// <summary>
/// The ceiling of one commune's transparency log: every audit entry of the commune appends through its one head row
/// (optimistic concurrency on the head's ETag, see decision 0005), so appends to one commune are serial however many
/// workers there are. Measures appends per second to one commune at the run's concurrency, straight through
/// <see cref="TransparencyLog"/> on the same Azurite, and the same number spread over 16 communes for comparison.
/// </summary>
public static class LogCeiling
{
    public sealed record Result(Rate OneCommune, Rate SixteenCommunes);

    public static async Task<Result> RunAsync(string connectionString, int count, int concurrency)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [StorageClients.ConnectionName] = connectionString }).Build();
        var storage = new StorageClients(configuration);
        await storage.Table(StorageNames.TransparencyLogTable).CreateIfNotExistsAsync();
        var log = new TransparencyLog(storage, Microsoft.Extensions.Options.Options.Create(new PublicUrlOptions { PublicBaseUrl = "http://127.0.0.1" }));
        var run = Guid.NewGuid().ToString("N")[..6];
        async Task<Rate> MeasureAsync(string label, Func<int, string> communeOf)
        {
            var done = 0;
            await using var progress = new ProgressBar(label, count, () => (Volatile.Read(ref done), "appends"));
            var (perSecond, samples) = await ClosedLoop.RunAsync(
                count,
                concurrency,
                index => log.AppendAsync(new LogEntry(communeOf(index), $"LOAD-2026-{index:D6}", "Submitted", "Submitted", DateTimeOffset.UtcNow, new string('0', 64)), CancellationToken.None),
                () => Interlocked.Increment(ref done));
            return new Rate(perSecond, samples.Summary);
        }

        var one = await MeasureAsync("log: one commune", _ => $"ceiling-{run}");
        var spread = await MeasureAsync("log: 16 communes", index => $"ceiling-{run}-{index % 16}");
        return new Result(one, spread);
    }
}
