using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.Applications;

/// <summary>A recorded decision on one review round of an application.</summary>
public sealed record RecordedDecision(string Decision, string Reviewer, string Comment, DateTimeOffset DecidedAt)
{
    /// <summary>The round's decision taken by silence at the legal deadline, recorded by the workflow.</summary>
    public const string ImplicitAcceptance = nameof(ImplicitAcceptance);

    /// <inheritdoc cref="ImplicitAcceptance"/>
    public const string ImplicitRejection = nameof(ImplicitRejection);

    public bool IsImplicit => Decision is ImplicitAcceptance or ImplicitRejection;

    /// <summary>For a request for changes: the fields the citizen is asked to correct.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];
}

/// <summary>
/// One decision per review round, enforced by a conditional insert: whichever link is used first wins, and every
/// later use (a replayed link, a colleague's link) sees what was decided, by whom and when.
/// </summary>
public sealed class ReviewDecisions(StorageClients storage, ApplicationRepository applications)
{
    /// <summary>The decisions' kind in an application's partition (decision 0012): row key <c>decision|{round:D3}</c>.</summary>
    public const string Kind = "decision|";

    private readonly TableClient table = storage.Table(StorageNames.ReviewDecisionsTable);
    private readonly ApplicationRows partition = applications.Rows(Kind);

    /// <summary>Records the decision; returns the decision already recorded when the round was decided before.</summary>
    public async Task<RecordedDecision?> TryRecordAsync(string reference, int round, RecordedDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var inPartition = await applications.InPartitionAsync(reference, cancellationToken);
        var row = new TableEntity(reference, inPartition ? partition.RowKey(Round(round)) : RowKey(round))
        {
            ["Decision"] = decision.Decision,
            ["Reviewer"] = decision.Reviewer,
            ["Comment"] = decision.Comment,
            ["DecidedAt"] = decision.DecidedAt,
            ["Fields"] = string.Join(',', decision.Fields),
        };
        try
        {
            // First writer wins, the implicit decision's claim included: the same conditional insert, where the layout says.
            await (inPartition ? partition.AddAsync(row, cancellationToken) : table.AddEntityAsync(row, cancellationToken));
            return null;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return await FindAsync(reference, round, cancellationToken);
        }
    }

    public async Task<RecordedDecision?> FindAsync(string reference, int round, CancellationToken cancellationToken)
    {
        TableEntity? row;
        if (await applications.InPartitionAsync(reference, cancellationToken))
        {
            row = await partition.FindAsync(reference, partition.RowKey(Round(round)), select: null, cancellationToken);
        }
        else
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(reference, RowKey(round), cancellationToken: cancellationToken);
            row = response.HasValue ? response.Value : null;
        }

        return row is null ? null : ToDecision(row);
    }

    /// <summary>
    /// The application's record and the decision of round <paramref name="round"/> (null: the round the record is in)
    /// together: one request for an application of the partition layout (its decisions are rows of its partition),
    /// the two reads of before otherwise. Null record: no application (and no decision).
    /// </summary>
    public async Task<(RecordedDecision? Decision, ApplicationRecord? Application)> FindWithApplicationAsync(string reference, int? round, CancellationToken cancellationToken)
    {
        var (record, rows) = await applications.FindWithAsync(reference, partition, cancellationToken);
        if (record is null)
        {
            return (null, null);
        }

        var key = partition.RowKey(Round(round ?? record.ReviewRound));
        if (!record.InPartition)
        {
            return (await FindAsync(reference, round ?? record.ReviewRound, cancellationToken), record);
        }

        return (rows.FirstOrDefault(row => row.RowKey == key) is { } found ? ToDecision(found) : null, record);
    }

    private static RecordedDecision ToDecision(TableEntity row) =>
        new RecordedDecision(
            row.GetString("Decision"),
            row.GetString("Reviewer"),
            row.GetString("Comment") ?? string.Empty,
            row.GetDateTimeOffset("DecidedAt") ?? DateTimeOffset.MinValue)
        {
            Fields = (row.GetString("Fields") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
        };

    /// <summary>RGPD erasure: the agents' free-text comments of every round go; who decided what, and when, stays.</summary>
    public async Task ScrubCommentsAsync(string reference, CancellationToken cancellationToken)
    {
        var inPartition = await applications.InPartitionAsync(reference, cancellationToken);
        var rows = inPartition
            ? partition.QueryAsync(reference, select: null, cancellationToken)
            : table.QueryAsync<TableEntity>(entity => entity.PartitionKey == reference, cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            if ((row.GetString("Comment") ?? string.Empty).Length > 0)
            {
                var scrubbed = new TableEntity(reference, row.RowKey) { ["Comment"] = string.Empty };
                await (inPartition
                    ? partition.UpdateAsync(scrubbed, ETag.All, TableUpdateMode.Merge, cancellationToken)
                    : table.UpdateEntityAsync(scrubbed, ETag.All, TableUpdateMode.Merge, cancellationToken));
            }
        }
    }

    private static string RowKey(int round) => $"round-{round:D3}";

    private static string Round(int round) => round.ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
}
