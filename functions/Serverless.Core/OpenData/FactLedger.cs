using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Serverless.Core.OpenData;

/// <summary>
/// One small fact: a deterministic key (so a step that runs twice writes it once), the month bucket it counts in,
/// the counters it adds, and optionally one processing time in minutes.
/// </summary>
public sealed record Fact(string Key, string Month, string ProcedureId, IReadOnlyDictionary<string, long> Counters, long? DurationMinutes = null);

/// <summary>One commune × procedure × month as folded so far: counters and the exact distribution of processing times.</summary>
public sealed record MonthAggregate(string CommuneId, string Month, string ProcedureId, IReadOnlyDictionary<string, long> Counters, DurationHistogram Durations)
{
    public long this[string measure] => Counters.GetValueOrDefault(measure);
}

/// <summary>
/// Incremental counting without scanning the applications: producers insert facts into an inbox (one partition per
/// commune, insert-only with deterministic keys, so a retried step adds nothing), and <see cref="FoldAsync"/> folds
/// only the facts still in the inbox into per-month aggregates, then removes them. Each fold is one entity-group
/// transaction in the aggregates table: a "folded" marker for the fact (insert: a second fold of the same fact fails
/// as a whole) together with the aggregate written under its ETag (two folders never lose an update). A crash between
/// the transaction and the inbox delete leaves the fact in the inbox; the next fold finds its marker and only deletes it.
/// </summary>
public sealed class FactLedger(TableClient inbox, TableClient months)
{
    private const string MonthPrefix = "month|";
    private const string MarkerPrefix = "fold|";
    private const string CountersColumn = "CountersJson";
    private const string DurationsColumn = "DurationsJson";
    private const int MaxConflicts = 16;
    private const int MaxTransactionOperations = 100;

    /// <summary>Records a fact once; true when this call inserted it.</summary>
    public Task<bool> RecordAsync(string communeId, Fact fact, CancellationToken cancellationToken) =>
        AddAsync(Row(communeId, fact), cancellationToken);

    /// <summary>
    /// Records several facts of one commune (one step's) in one entity-group transaction instead of one insert each;
    /// returns how many this call inserted. Each fact is still written once: its key is deterministic and the insert
    /// conditional. A transaction is all or nothing, so when one fact is there already (the step ran before, or
    /// another writer recorded it) the whole transaction answers 409 naming that fact: it is dropped and the others are
    /// submitted again, until the rest is written or none is left. Facts with the same key count once.
    /// </summary>
    public async Task<int> RecordAllAsync(string communeId, IEnumerable<Fact> facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var rows = facts.Select(fact => Row(communeId, fact)).DistinctBy(row => row.RowKey, StringComparer.Ordinal).ToList();
        var inserted = 0;
        foreach (var chunk in rows.Chunk(MaxTransactionOperations))
        {
            var left = chunk.ToList();
            while (left.Count > 1)
            {
                try
                {
                    await inbox.SubmitTransactionAsync(left.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)), cancellationToken);
                    inserted += left.Count;
                    left.Clear();
                }
                catch (TableTransactionFailedException exception) when (exception.Status == 409 && exception.FailedTransactionActionIndex is { } index && index < left.Count)
                {
                    left.RemoveAt(index); // There already: nothing of this transaction was written; the others again.
                }
                catch (TableTransactionFailedException exception) when (exception.Status == 409)
                {
                    // A conflict that names no fact: each on its own, as single conditional inserts.
                    foreach (var row in left)
                    {
                        inserted += await AddAsync(row, cancellationToken) ? 1 : 0;
                    }

                    left.Clear();
                }
            }

            if (left.Count == 1)
            {
                inserted += await AddAsync(left[0], cancellationToken) ? 1 : 0;
            }
        }

        return inserted;
    }

    private static TableEntity Row(string communeId, Fact fact)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var row = new TableEntity(communeId, SafeKey(fact.Key))
        {
            ["Month"] = fact.Month,
            ["ProcedureId"] = fact.ProcedureId,
            [CountersColumn] = JsonSerializer.Serialize(fact.Counters),
        };
        if (fact.DurationMinutes is { } minutes)
        {
            row["DurationMinutes"] = minutes;
        }

        return row;
    }

    private async Task<bool> AddAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await inbox.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Folds every fact of the commune's inbox into its month aggregates; returns how many were folded now.</summary>
    public async Task<int> FoldAsync(string communeId, CancellationToken cancellationToken)
    {
        var folded = 0;
        await foreach (var row in inbox.QueryAsync<TableEntity>(entity => entity.PartitionKey == communeId, cancellationToken: cancellationToken))
        {
            if (await FoldOneAsync(communeId, row, cancellationToken))
            {
                folded++;
            }

            try
            {
                await inbox.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // Another folder removed it first.
            }
        }

        return folded;
    }

    /// <summary>Every month aggregate of the commune (one small partition: months × procedures rows plus markers skipped).</summary>
    public async Task<IReadOnlyList<MonthAggregate>> ReadAsync(string communeId, CancellationToken cancellationToken)
    {
        var result = new List<MonthAggregate>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {communeId} and RowKey ge {MonthPrefix} and RowKey lt {"month}"}");
        await foreach (var row in months.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ToAggregate(row));
        }

        return result;
    }

    private async Task<bool> FoldOneAsync(string communeId, TableEntity fact, CancellationToken cancellationToken)
    {
        var month = fact.GetString("Month");
        var procedureId = fact.GetString("ProcedureId");
        var counters = JsonSerializer.Deserialize<Dictionary<string, long>>(fact.GetString(CountersColumn)) ?? [];
        var duration = fact.GetInt64("DurationMinutes");
        var aggregateKey = $"{MonthPrefix}{month}|{procedureId}";
        for (var attempt = 0; attempt < MaxConflicts; attempt++)
        {
            var existing = await months.GetEntityIfExistsAsync<TableEntity>(communeId, aggregateKey, cancellationToken: cancellationToken);
            var current = existing.HasValue ? ToAggregate(existing.Value!) : new MonthAggregate(communeId, month, procedureId, new Dictionary<string, long>(), new DurationHistogram());
            var sums = new Dictionary<string, long>(current.Counters, StringComparer.Ordinal);
            foreach (var (measure, amount) in counters)
            {
                sums[measure] = sums.GetValueOrDefault(measure) + amount;
            }

            var durations = duration is { } minutes ? current.Durations.With(minutes) : current.Durations;
            var aggregate = new TableEntity(communeId, aggregateKey)
            {
                ["Month"] = month,
                ["ProcedureId"] = procedureId,
                [CountersColumn] = JsonSerializer.Serialize(sums),
                [DurationsColumn] = durations.ToJson(),
            };
            var marker = new TableEntity(communeId, MarkerPrefix + fact.RowKey) { ["FoldedInto"] = aggregateKey };
            TableTransactionAction[] actions = existing.HasValue
                ? [new(TableTransactionActionType.Add, marker), new(TableTransactionActionType.UpdateReplace, aggregate, existing.Value!.ETag)]
                : [new(TableTransactionActionType.Add, marker), new(TableTransactionActionType.Add, aggregate)];
            try
            {
                await months.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException exception) when (exception.FailedTransactionActionIndex == 0 && exception.Status == 409)
            {
                return false; // Folded before (a crash before the inbox delete, or another folder).
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412)
            {
                // The aggregate changed (or appeared) since it was read: read it again.
            }
        }

        throw new InvalidOperationException($"Commune {communeId}: aggregate {aggregateKey} kept changing during {MaxConflicts} attempts to fold {fact.RowKey}.");
    }

    private static MonthAggregate ToAggregate(TableEntity row) =>
        new(
            row.PartitionKey,
            row.GetString("Month"),
            row.GetString("ProcedureId"),
            JsonSerializer.Deserialize<Dictionary<string, long>>(row.GetString(CountersColumn)) ?? [],
            DurationHistogram.FromJson(row.GetString(DurationsColumn)));

    /// <summary>Row keys may not hold '/', '\', '#', '?' or control characters; blob names do ('/').</summary>
    public static string SafeKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var chars = key.Select(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '~' : c).ToArray();
        return new string(chars);
    }

    /// <summary>The month an instant counts in, as published (ISO 8601 year-month, UTC).</summary>
    public static string MonthOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
