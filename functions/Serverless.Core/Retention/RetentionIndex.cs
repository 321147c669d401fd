using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.Retention;

/// <summary>When a decided application is warned about and erased, fixed once when it reached its final status.</summary>
public sealed record RetentionSchedule(string Reference, string Commune, string ProcedureId, int Months, DateTimeOffset DecidedAt, DateTimeOffset WarnAt, DateTimeOffset EraseAt);

/// <summary>What a due row asks: warn the citizen, or erase the data.</summary>
public enum RetentionStep
{
    Warn,
    Erase,

    /// <summary>The decided application's orchestration instance leaves the task hub (grace period after the decision).</summary>
    PurgeWorkflow,
}

/// <summary>A row of a day's partition that is due now.</summary>
public sealed record DueRow(RetentionStep Step, string PartitionKey, string Reference, DateTimeOffset At, ErasureReason Reason);

/// <summary>A citizen's request to erase a closed application: recorded once, then the agents are told and one of them confirms.</summary>
public sealed record ErasureRequest(string Reference, DateTimeOffset RequestedAt, bool AgentsNotified);

/// <summary>Why an application's personal data is erased.</summary>
public enum ErasureReason
{
    Retention,
    Request,
}

/// <summary>
/// The retention index (table <c>Retention</c>). Table Storage has no secondary index, so the timer never scans the
/// applications: rows are grouped by the day they fall due (<c>warn-yyyyMMdd</c>, <c>erase-yyyyMMdd</c>, row =
/// reference) and the timer reads only the partitions up to today. The <c>schedule</c> row of a reference fixes the
/// dates once (conditional insert), so an observer that runs again writes the same index rows.
/// </summary>
public sealed class RetentionIndex(StorageClients storage)
{
    private const string SchedulePartition = "schedule";
    private const string RequestPartition = "request";

    private readonly TableClient table = storage.Table(StorageNames.RetentionTable);

    public static string Partition(RetentionStep step, DateTimeOffset at) =>
        $"{Prefix(step)}{at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    private static string Prefix(RetentionStep step) => step switch
    {
        RetentionStep.Warn => "warn-",
        RetentionStep.Erase => "erase-",
        _ => "purge-",
    };

    /// <summary>Records the schedule (the first one wins) and its two index rows; returns the schedule in force.</summary>
    public async Task<RetentionSchedule> ScheduleAsync(RetentionSchedule proposed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(proposed);
        RetentionSchedule schedule;
        try
        {
            await table.AddEntityAsync(
                new TableEntity(SchedulePartition, proposed.Reference)
                {
                    ["Commune"] = proposed.Commune,
                    ["ProcedureId"] = proposed.ProcedureId,
                    ["Months"] = proposed.Months,
                    ["DecidedAt"] = proposed.DecidedAt,
                    ["WarnAt"] = proposed.WarnAt,
                    ["EraseAt"] = proposed.EraseAt,
                },
                cancellationToken);
            schedule = proposed;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            schedule = (await FindScheduleAsync(proposed.Reference, cancellationToken))!;
        }

        // Same keys and values however often this runs: upserts cannot duplicate a row.
        await table.UpsertEntityAsync(new TableEntity(Partition(RetentionStep.Warn, schedule.WarnAt), schedule.Reference) { ["At"] = schedule.WarnAt }, TableUpdateMode.Replace, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(Partition(RetentionStep.Erase, schedule.EraseAt), schedule.Reference) { ["At"] = schedule.EraseAt, ["Reason"] = nameof(ErasureReason.Retention) }, TableUpdateMode.Replace, cancellationToken);
        return schedule;
    }

    public async Task<RetentionSchedule?> FindScheduleAsync(string reference, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(SchedulePartition, reference, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var value = row.Value!;
        return new RetentionSchedule(
            reference,
            value.GetString("Commune") ?? string.Empty,
            value.GetString("ProcedureId") ?? string.Empty,
            value.GetInt32("Months") ?? 0,
            value.GetDateTimeOffset("DecidedAt") ?? DateTimeOffset.MinValue,
            value.GetDateTimeOffset("WarnAt") ?? DateTimeOffset.MinValue,
            value.GetDateTimeOffset("EraseAt") ?? DateTimeOffset.MinValue);
    }

    /// <summary>The rows of this step due at <paramref name="now"/>: only the partitions of past days and today are read.</summary>
    public async Task<IReadOnlyList<DueRow>> DueAsync(RetentionStep step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var prefix = Prefix(step);
        var last = Partition(step, now);
        var due = new List<DueRow>();
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey.CompareTo(prefix) >= 0 && entity.PartitionKey.CompareTo(last) <= 0, cancellationToken: cancellationToken))
        {
            var at = row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue;
            if (at <= now)
            {
                var reason = Enum.TryParse<ErasureReason>(row.GetString("Reason"), out var parsed) ? parsed : ErasureReason.Retention;
                due.Add(new DueRow(step, row.PartitionKey, row.RowKey, at, reason));
            }
        }

        return due;
    }

    /// <summary>When the application's orchestration instance is purged (upsert: the same row however often it runs).</summary>
    public Task SchedulePurgeAsync(string reference, DateTimeOffset at, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(Partition(RetentionStep.PurgeWorkflow, at), reference) { ["At"] = at }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>An erasure to run now (a confirmed request): due at once, so the timer finishes it if this run is interrupted.</summary>
    public Task EraseNowAsync(string reference, DateTimeOffset now, ErasureReason reason, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(new TableEntity(Partition(RetentionStep.Erase, now), reference) { ["At"] = now, ["Reason"] = reason.ToString() }, TableUpdateMode.Replace, cancellationToken);

    public Task RemoveAsync(DueRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return table.DeleteEntityAsync(row.PartitionKey, row.Reference, ETag.All, cancellationToken);
    }

    /// <summary>Removes every index row of the reference once it is erased (its warning row may still be waiting).</summary>
    public async Task RemoveAllAsync(string reference, CancellationToken cancellationToken)
    {
        if (await FindScheduleAsync(reference, cancellationToken) is { } schedule)
        {
            await table.DeleteEntityAsync(Partition(RetentionStep.Warn, schedule.WarnAt), reference, ETag.All, cancellationToken);
            await table.DeleteEntityAsync(Partition(RetentionStep.Erase, schedule.EraseAt), reference, ETag.All, cancellationToken);
        }
    }

    /// <summary>Records the citizen's request once; a second request returns the first.</summary>
    public async Task<ErasureRequest> RecordRequestAsync(string reference, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await table.AddEntityAsync(new TableEntity(RequestPartition, reference) { ["RequestedAt"] = at, ["AgentsNotified"] = false }, cancellationToken);
            return new ErasureRequest(reference, at, false);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return (await FindRequestAsync(reference, cancellationToken))!;
        }
    }

    public async Task<ErasureRequest?> FindRequestAsync(string reference, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(RequestPartition, reference, cancellationToken: cancellationToken);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>Requests whose agents were not told yet (the relay was down): the timer tells them.</summary>
    public async Task<IReadOnlyList<ErasureRequest>> UnnotifiedRequestsAsync(CancellationToken cancellationToken)
    {
        var requests = new List<ErasureRequest>();
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == RequestPartition && entity.GetBoolean("AgentsNotified") == false, cancellationToken: cancellationToken))
        {
            requests.Add(Read(row));
        }

        return requests;
    }

    public Task MarkRequestNotifiedAsync(string reference, CancellationToken cancellationToken) =>
        table.UpdateEntityAsync(new TableEntity(RequestPartition, reference) { ["AgentsNotified"] = true }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    private static ErasureRequest Read(TableEntity row) =>
        new(row.RowKey, row.GetDateTimeOffset("RequestedAt") ?? DateTimeOffset.MinValue, row.GetBoolean("AgentsNotified") ?? false);
}
