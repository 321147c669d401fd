using System.Diagnostics;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Platform.Storage;

namespace Serverless.BackOfficeBench;

/// <summary>
/// Writes synthetic applications of one commune straight into the back office's index — each application's index row
/// and locator, built by the same <see cref="IndexEntry"/> code and in the same shape the status observer
/// (<see cref="ApplicationIndex.RefreshAsync"/>) writes — so the list can be measured at a size no test would reach
/// through the workflow. Only what the list and the export read is written: no <c>Applications</c> rows (the list
/// never reads them; one request each was most of the seeding time), no audit or outbox rows. Rows go in entity
/// group transactions of 100 rows of one partition, a few transactions at a time.
/// </summary>
internal sealed class Seeder(StorageClients storage, ProcedureCatalog catalog)
{
    private const int Batch = 100;

    private static readonly string[] FirstNames = ["Léa", "Noé", "Inès", "Zoé", "Chloé", "Jérôme", "Anaïs", "Gaëlle", "Maël", "Hélène", "Éloïse", "Loïc"];
    private static readonly string[] LastNames = ["Martin", "Lefèvre", "Garçon", "Dubœuf", "Müller", "Nguyễn", "Bernard", "Pérez", "Lœvenbrück", "Rousseau"];

    /// <summary>Statuses in the proportions of a commune with a year of history: most decided, a third waiting.</summary>
    private static readonly (ApplicationStatus Status, int Weight)[] Mix =
    [
        (ApplicationStatus.UnderReview, 30), (ApplicationStatus.Incident, 2), (ApplicationStatus.Received, 3), (ApplicationStatus.ChangesRequested, 10),
        (ApplicationStatus.Approved, 40), (ApplicationStatus.Rejected, 10), (ApplicationStatus.Withdrawn, 3), (ApplicationStatus.Abandoned, 2),
    ];

    public sealed record Result(int Applications, int Rows, TimeSpan Elapsed);

    /// <summary>Seeds <paramref name="count"/> applications; one in seven is assigned to <paramref name="measuredAgent"/>, as many to each other agent, the rest to nobody.</summary>
    public async Task<Result> SeedAsync(string communeId, string measuredAgent, int count, int concurrency, DateTimeOffset now)
    {
        var procedures = catalog.All.Where(procedure => procedure.CommuneId == communeId).ToList();
        var commune = catalog.FindCommune(communeId) ?? throw new InvalidOperationException($"No commune {communeId}.");
        var others = new AgentDirectory(catalog).AgentsOf(communeId).Where(agent => !agent.Equals(measuredAgent, StringComparison.OrdinalIgnoreCase)).Take(3).ToList();
        string[] assignees = [measuredAgent, .. others, .. Enumerable.Repeat(string.Empty, 7 - 1 - others.Count)];
        var index = storage.Table(StorageNames.BackOfficeIndexTable);
        await index.CreateIfNotExistsAsync();

        var random = new Random(20261201);
        var totalWeight = Mix.Sum(item => item.Weight);
        var rows = new List<TableEntity>(count);
        var locators = new List<TableEntity>(count);
        for (var i = 0; i < count; i++)
        {
            var procedure = procedures[random.Next(procedures.Count)];
            var pick = random.Next(totalWeight);
            var status = Mix.First(item => (pick -= item.Weight) < 0).Status;
            var submitted = now.AddMinutes(-random.Next(365 * 24 * 60));
            var due = submitted.AddDays(procedure.Legal.DecisionDeadlineDays);
            var name = $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}";
            var reference = $"{procedure.ReferencePrefix}-B{i:D7}";
            var entry = new IndexEntry(commune.Id, reference, procedure.Id, name, status, submitted, due, status == ApplicationStatus.ChangesRequested, assignees[i % assignees.Length]);
            rows.Add(entry.ToEntity());
            locators.Add(ApplicationIndex.Locator(entry));
        }

        // One partition for the list, one for the locators: chunks of 100 of either are valid transactions.
        var batches = rows.Chunk(Batch).Concat(locators.Chunk(Batch)).ToList();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (batch, token) =>
            await index.SubmitTransactionAsync(batch.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), token));
        watch.Stop();
        return new Result(count, rows.Count + locators.Count, watch.Elapsed);
    }
}
