using System.Collections.Concurrent;
using Azure.Data.Tables;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;
using Serverless.Core.Procedures;
using Serverless.Core.Storage;

namespace Serverless.BackOfficeBench;

/// <summary>
/// Writes synthetic applications of one commune straight into storage, with the index rows and locators the status
/// observer would have written (the same <see cref="IndexEntry"/> code), so the list can be measured at a size no
/// test would reach through the workflow. Application rows one by one (one partition each); index rows and locators
/// in entity group transactions of 100 per partition.
/// </summary>
internal sealed class Seeder(StorageClients storage, ProcedureCatalog catalog)
{
    private static readonly string[] FirstNames = ["Léa", "Noé", "Inès", "Zoé", "Chloé", "Jérôme", "Anaïs", "Gaëlle", "Maël", "Hélène", "Éloïse", "Loïc"];
    private static readonly string[] LastNames = ["Martin", "Lefèvre", "Garçon", "Dubœuf", "Müller", "Nguyễn", "Bernard", "Pérez", "Lœvenbrück", "Rousseau"];

    /// <summary>Statuses in the proportions of a commune with a year of history: most decided, a third waiting.</summary>
    private static readonly (ApplicationStatus Status, int Weight)[] Mix =
    [
        (ApplicationStatus.UnderReview, 30), (ApplicationStatus.Incident, 2), (ApplicationStatus.Received, 3), (ApplicationStatus.ChangesRequested, 10),
        (ApplicationStatus.Approved, 40), (ApplicationStatus.Rejected, 10), (ApplicationStatus.Withdrawn, 3), (ApplicationStatus.Abandoned, 2),
    ];

    public async Task<int> SeedAsync(string communeId, int count, int concurrency, DateTimeOffset now)
    {
        var procedures = catalog.All.Where(procedure => procedure.CommuneId == communeId).ToList();
        var commune = catalog.FindCommune(communeId) ?? throw new InvalidOperationException($"No commune {communeId}.");
        var applications = storage.Table(StorageNames.ApplicationsTable);
        var index = storage.Table(StorageNames.BackOfficeIndexTable);
        await applications.CreateIfNotExistsAsync();
        await index.CreateIfNotExistsAsync();

        var random = new Random(20261201);
        var entries = new List<(ApplicationRecord Record, IndexEntry Entry)>(count);
        var totalWeight = Mix.Sum(item => item.Weight);
        for (var i = 0; i < count; i++)
        {
            var procedure = procedures[random.Next(procedures.Count)];
            var pick = random.Next(totalWeight);
            var status = Mix.First(item => (pick -= item.Weight) < 0).Status;
            var submitted = now.AddMinutes(-random.Next(365 * 24 * 60));
            var due = submitted.AddDays(procedure.Legal.DecisionDeadlineDays);
            var name = $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}";
            var reference = $"{procedure.ReferencePrefix}-B{i:D7}";
            var record = ApplicationRepository.NewRecord(reference, procedure.Id, "fr", submitted, $"demandeur{i}@example.org", new Dictionary<string, string> { ["seededName"] = name }, []);
            record.Status = status.ToString();
            record.DecisionDueAt = due;
            record.DeadlineSuspended = status == ApplicationStatus.ChangesRequested;
            var entry = new IndexEntry(commune.Id, reference, procedure.Id, name, status, submitted, due, record.DeadlineSuspended, i % 7 == 0 ? "agent.scolaire@saint-exemple.example" : string.Empty);
            entries.Add((record, entry));
        }

        // Application rows: one partition each, so one request each.
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (item, token) =>
            await applications.UpsertEntityAsync(item.Record, TableUpdateMode.Replace, token));

        // Index rows and locators: batches of 100 rows of one partition.
        var batches = new ConcurrentBag<(string Partition, List<TableEntity> Rows)>();
        foreach (var partition in entries.Select(item => item.Entry.ToEntity()).GroupBy(row => row.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                batches.Add((partition.Key, [.. chunk]));
            }
        }

        foreach (var chunk in entries.Select(item => new TableEntity(ApplicationIndex.LocatorPartition(commune.Id), item.Entry.Reference)
        {
            ["IndexPartition"] = item.Entry.PartitionKey,
            ["IndexRow"] = item.Entry.RowKey,
            ["Reference"] = item.Entry.Reference,
        }).Chunk(100))
        {
            batches.Add((chunk[0].PartitionKey, [.. chunk]));
        }

        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (batch, token) =>
            await index.SubmitTransactionAsync(batch.Rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), token));
        return entries.Count;
    }
}
