using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.OpenData;
using Serverless.Core.Site;
using Serverless.Platform.Storage;

namespace Serverless.IntegrationTests;

/// <summary>
/// The incremental counting against Azurite: a fact recorded twice counts once, a fold that runs again (or a fact
/// written again after it was folded, as a retried step does) adds nothing, and two folders at once lose nothing.
/// </summary>
public sealed class FactLedgerTests : IAsyncLifetime
{
    private readonly StorageClients storage = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString })
        .Build());

    private readonly string communeId = TestEnvironment.UniqueName("ledger");

    private FactLedger Ledger => new(storage.Table(StorageNames.StatisticsFactsTable), storage.Table(StorageNames.StatisticsMonthsTable));

    public async Task InitializeAsync()
    {
        await storage.Table(StorageNames.StatisticsFactsTable).CreateIfNotExistsAsync();
        await storage.Table(StorageNames.StatisticsMonthsTable).CreateIfNotExistsAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Fact Submitted(string reference, long? minutes = null) =>
        new($"final|{reference}", "2026-11", "school-enrolment", new Dictionary<string, long> { [StatisticMeasures.Decided] = 1 }, minutes);

    [Fact]
    public async Task RecordAllAsync_SomeFactsAlreadyThere_RecordsTheOthersOnceAndCountsEachOnce()
    {
        var ledger = Ledger;
        // A step that ran before (or another writer) recorded two of the facts: the first and the last of the batch.
        Assert.True(await ledger.RecordAsync(communeId, Submitted("B-1", 60), CancellationToken.None));
        Assert.True(await ledger.RecordAsync(communeId, Submitted("B-4", 60), CancellationToken.None));

        var batch = new[] { Submitted("B-1", 60), Submitted("B-2", 60), Submitted("B-2", 60), Submitted("B-3", 60), Submitted("B-4", 60) };
        Assert.Equal(2, await ledger.RecordAllAsync(communeId, batch, CancellationToken.None));

        // The step again: everything is there, nothing is written twice.
        Assert.Equal(0, await ledger.RecordAllAsync(communeId, batch, CancellationToken.None));

        Assert.Equal(4, await ledger.FoldAsync(communeId, CancellationToken.None));
        var aggregate = Assert.Single(await ledger.ReadAsync(communeId, CancellationToken.None));
        Assert.Equal(4, aggregate[StatisticMeasures.Decided]);
    }

    [Fact]
    public async Task FoldAsync_FactRecordedTwiceAndWrittenAgainAfterFolding_CountsOnce()
    {
        var ledger = Ledger;
        Assert.True(await ledger.RecordAsync(communeId, Submitted("A-1", 1440), CancellationToken.None));
        Assert.False(await ledger.RecordAsync(communeId, Submitted("A-1", 1440), CancellationToken.None));
        Assert.True(await ledger.RecordAsync(communeId, Submitted("A-2", 2880), CancellationToken.None));

        Assert.Equal(2, await ledger.FoldAsync(communeId, CancellationToken.None));
        Assert.Equal(0, await ledger.FoldAsync(communeId, CancellationToken.None));

        // A retried step writes the same fact again after the fold removed it from the inbox: its marker stops it.
        Assert.True(await ledger.RecordAsync(communeId, Submitted("A-1", 1440), CancellationToken.None));
        Assert.Equal(0, await ledger.FoldAsync(communeId, CancellationToken.None));

        var aggregate = Assert.Single(await ledger.ReadAsync(communeId, CancellationToken.None));
        Assert.Equal(2, aggregate[StatisticMeasures.Decided]);
        Assert.Equal(2160, aggregate.Durations.Median());
        var left = 0;
        await foreach (var _ in storage.Table(StorageNames.StatisticsFactsTable).QueryAsync<TableEntity>(entity => entity.PartitionKey == communeId))
        {
            left++;
        }

        Assert.Equal(0, left);
    }

    [Fact]
    public async Task FoldAsync_TwoFoldersAtOnce_FoldEveryFactExactlyOnce()
    {
        for (var i = 0; i < 30; i++)
        {
            await Ledger.RecordAsync(communeId, Submitted($"B-{i}", i), CancellationToken.None);
        }

        var folded = await Task.WhenAll(Ledger.FoldAsync(communeId, CancellationToken.None), Ledger.FoldAsync(communeId, CancellationToken.None));

        Assert.Equal(30, folded.Sum());
        var aggregate = Assert.Single(await Ledger.ReadAsync(communeId, CancellationToken.None));
        Assert.Equal(30, aggregate[StatisticMeasures.Decided]);
        Assert.Equal(30, aggregate.Durations.Count);
    }
}
