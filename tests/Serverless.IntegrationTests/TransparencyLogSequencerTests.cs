using Microsoft.Extensions.Configuration;
using Serverless.Core;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Core.Transparency;
using Serverless.Platform.Configuration;
using Serverless.Platform.Storage;
using Serverless.Tests.Fixtures;

namespace Serverless.IntegrationTests;

/// <summary>
/// The log's sequencer against Azurite, with two <see cref="TransparencyLog"/> instances standing for two processes
/// (each keeps the head it wrote last): appends at once, the same step more than once, a head moved by the other.
/// </summary>
public sealed class TransparencyLogSequencerTests : IAsyncLifetime
{
    private readonly StorageClients storage = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString })
        .Build());

    public Task InitializeAsync() => storage.Table(StorageNames.TransparencyLogTable).CreateIfNotExistsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private TransparencyLog NewProcess() => new(storage, Microsoft.Extensions.Options.Options.Create(new PublicUrlOptions()));

    private static string NewCommune() => $"test-{Guid.NewGuid():N}"[..20];

    private static LogEntry Entry(string commune, int application, int step) =>
        new(commune, $"SEQ-2026-{application:D4}", $"step-{step}", "Submitted", new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero).AddMinutes(step), new string((char)('a' + (step % 6)), 64));

    [Fact]
    public async Task AppendAsync_TwoProcessesAppendAtOnceAndRepeatSteps_EveryStepOnceWithConsecutiveIndexesAndAMatchingRoot()
    {
        var commune = NewCommune();
        var first = NewProcess();
        var second = NewProcess();
        var entries = Enumerable.Range(0, 40).SelectMany(application => Enumerable.Range(0, 4).Select(step => Entry(commune, application, step))).ToList();

        // Every entry three times: twice from one process (an activity running twice), once from the other.
        var calls = entries.SelectMany(entry => new[] { (Log: first, Entry: entry), (Log: first, Entry: entry), (Log: second, Entry: entry) })
            .OrderBy(_ => Random.Shared.Next())
            .Select(async call => (call.Entry, Index: await call.Log.AppendAsync(call.Entry, CancellationToken.None)))
            .ToList();
        var results = await Task.WhenAll(calls);

        var indexByStep = results.GroupBy(result => (result.Entry.Reference, result.Entry.Step)).ToDictionary(group => group.Key, group => group.Select(result => result.Index).Distinct().ToList());
        Assert.All(indexByStep.Values, indexes => Assert.Single(indexes));
        var head = await first.ReadHeadAsync(commune, CancellationToken.None);
        Assert.Equal(entries.Count, head.Size);
        Assert.Equal(Enumerable.Range(0, entries.Count).Select(index => (long)index), indexByStep.Values.Select(indexes => indexes[0]).Order());

        var leaves = await first.ReadLeavesAsync(commune, 0, head.Size, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, entries.Count).Select(index => (long)index), leaves.Select(leaf => leaf.Index));
        foreach (var leaf in leaves)
        {
            var stored = LogEntry.Parse(leaf.Entry);
            Assert.Equal(leaf.Index, indexByStep[(stored.Reference, stored.Step)][0]);
            Assert.Equal(stored.LeafHash(), leaf.Hash);
        }

        Assert.Equal(MerkleTree.Root([.. leaves.Select(leaf => leaf.Hash)]), head.Root);
    }

    [Fact]
    public async Task AppendAsync_OtherProcessMovedTheHead_ReadsItAgainAndAppendsAfterIt()
    {
        var commune = NewCommune();
        var first = NewProcess();
        var second = NewProcess();

        Assert.Equal(0, await first.AppendAsync(Entry(commune, 1, 0), CancellationToken.None));
        for (var step = 0; step < 5; step++)
        {
            Assert.Equal(step + 1, await second.AppendAsync(Entry(commune, 2, step), CancellationToken.None));
        }

        // The first process still holds the head it wrote at size 1: its ETag is stale, so it reads the head again.
        Assert.Equal(6, await first.AppendAsync(Entry(commune, 1, 1), CancellationToken.None));
        Assert.Equal(0, await first.AppendAsync(Entry(commune, 1, 0), CancellationToken.None));
        Assert.Equal(3, await first.AppendAsync(Entry(commune, 2, 2), CancellationToken.None));
        Assert.Equal(7, (await second.ReadHeadAsync(commune, CancellationToken.None)).Size);
    }
}
