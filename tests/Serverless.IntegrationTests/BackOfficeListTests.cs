using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Platform.Storage;
using Serverless.Tests.Fixtures;

namespace Serverless.IntegrationTests;

/// <summary>
/// The back office's list against Azurite over index rows of a commune of its own (written in the shape the status
/// observer writes them): the one-partition index reads in due-date order with its filters, and a search finds its
/// page however far down the partition its matches are.
/// </summary>
public sealed class BackOfficeListTests : IAsyncLifetime
{
    private const string Agent = "agent@liste.example";

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly StorageClients storage = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString })
        .Build());

    private readonly string commune = TestEnvironment.UniqueName("liste");

    /// <summary>An agent who sees both procedures these rows are of.</summary>
    private AgentAccess Access => new(commune, Administrator: false, new HashSet<string> { "school-enrolment", "parking-permit" });

    public async Task InitializeAsync() => await storage.Table(StorageNames.BackOfficeIndexTable).CreateIfNotExistsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PageAsync_SearchWhoseMatchesComeAfterThousandsOfRows_ShowsThemInDueOrder()
    {
        // 2,400 rows due in order; the searched name is only on the last 60 (past two pages of the storage's 1,000).
        var entries = Enumerable.Range(0, 2400).Select(i => Entry(i, i >= 2340 ? "Gaëlle Lœvenbrück" : "Jean Martin", i % 2 == 0 ? ApplicationStatus.UnderReview : ApplicationStatus.Approved)).ToList();
        await WriteAsync(entries);
        var list = new ApplicationList(storage, TimeProvider.System);

        var first = await list.PageAsync(Access, Agent, new ApplicationListQuery { Tab = "all", Search = "loevenbruck" }, CancellationToken.None);
        var second = await list.PageAsync(Access, Agent, new ApplicationListQuery { Tab = "all", Search = "LOEVENBRUCK", Page = 2 }, CancellationToken.None);
        var todo = await list.PageAsync(Access, Agent, new ApplicationListQuery { Tab = "todo", Search = "loevenbruck" }, CancellationToken.None);

        var expected = entries.Skip(2340).Select(entry => entry.Reference).ToList();
        Assert.Equal(expected.Take(50), first.Rows.Select(row => row.Reference));
        Assert.True(first.HasNext);
        Assert.Equal(expected.Skip(50), second.Rows.Select(row => row.Reference));
        Assert.False(second.HasNext);
        Assert.Equal(expected.Where((_, i) => i % 2 == 0), todo.Rows.Select(row => row.Reference));
        Assert.All(todo.Rows, row => Assert.Equal(ApplicationStatus.UnderReview, row.Status));
    }

    [Fact]
    public async Task PageAsync_FiltersOnOnePartition_MatchTheRowsInDueOrder()
    {
        var entries = Enumerable.Range(0, 300).Select(i => Entry(i, "Inès Pérez", (i % 3) switch { 0 => ApplicationStatus.UnderReview, 1 => ApplicationStatus.Incident, _ => ApplicationStatus.Rejected }) with
        {
            ProcedureId = i % 4 == 0 ? "school-enrolment" : "parking-permit",
            AssignedTo = i % 5 == 0 ? Agent : string.Empty,
        }).ToList();
        await WriteAsync(entries);
        var list = new ApplicationList(storage, new FixedClock(Now));

        var todo = await list.PageAsync(Access, Agent, new ApplicationListQuery(), CancellationToken.None);
        var overdueMine = await list.AllAsync(Access, Agent, new ApplicationListQuery { Overdue = true, AssignedToMe = true, ProcedureId = "school-enrolment" }, CancellationToken.None);
        var rejected = await list.AllAsync(Access, Agent, new ApplicationListQuery { Tab = "all", Status = ApplicationStatus.Rejected }, CancellationToken.None);

        Assert.Equal(entries.Where(entry => entry.Status != ApplicationStatus.Rejected).Take(50).Select(entry => entry.Reference), todo.Rows.Select(row => row.Reference));
        Assert.Equal(
            entries.Where(entry => entry.Status != ApplicationStatus.Rejected && entry.AssignedTo == Agent && entry.ProcedureId == "school-enrolment" && entry.IsOverdue(Now)).Select(entry => entry.Reference),
            overdueMine.Select(row => row.Reference));
        Assert.NotEmpty(overdueMine);
        Assert.Equal(entries.Where(entry => entry.Status == ApplicationStatus.Rejected).Select(entry => entry.Reference), rejected.Select(row => row.Reference));
    }

    /// <summary>Row i is due i hours after a moment 150 hours before <see cref="Now"/>: the first 150 are overdue.</summary>
    private IndexEntry Entry(int i, string name, ApplicationStatus status) =>
        new(commune, $"LST-2026-{i:D6}", "school-enrolment", name, status, Now.AddDays(-30).AddHours(i), Now.AddHours(i - 150), false, string.Empty);

    private async Task WriteAsync(IReadOnlyList<IndexEntry> entries)
    {
        var table = storage.Table(StorageNames.BackOfficeIndexTable);
        foreach (var chunk in entries.Select(entry => entry.ToEntity()).Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)));
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
