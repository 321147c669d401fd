using Azure;
using Azure.Data.Tables;
using Serverless.Platform.Storage;
using Serverless.Core.Site;

namespace Serverless.Core.Review;

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
public sealed class ReviewDecisions(StorageClients storage)
{
    private readonly TableClient table = storage.Table(StorageNames.ReviewDecisionsTable);

    /// <summary>Records the decision; returns the decision already recorded when the round was decided before.</summary>
    public async Task<RecordedDecision?> TryRecordAsync(string reference, int round, RecordedDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        try
        {
            await table.AddEntityAsync(
                new TableEntity(reference, RowKey(round))
                {
                    ["Decision"] = decision.Decision,
                    ["Reviewer"] = decision.Reviewer,
                    ["Comment"] = decision.Comment,
                    ["DecidedAt"] = decision.DecidedAt,
                    ["Fields"] = string.Join(',', decision.Fields),
                },
                cancellationToken);
            return null;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return await FindAsync(reference, round, cancellationToken);
        }
    }

    public async Task<RecordedDecision?> FindAsync(string reference, int round, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(reference, RowKey(round), cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var row = response.Value!;
        return new RecordedDecision(
            row.GetString("Decision"),
            row.GetString("Reviewer"),
            row.GetString("Comment") ?? string.Empty,
            row.GetDateTimeOffset("DecidedAt") ?? DateTimeOffset.MinValue)
        {
            Fields = (row.GetString("Fields") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
        };
    }

    /// <summary>RGPD erasure: the agents' free-text comments of every round go; who decided what, and when, stays.</summary>
    public async Task ScrubCommentsAsync(string reference, CancellationToken cancellationToken)
    {
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == reference, cancellationToken: cancellationToken))
        {
            if ((row.GetString("Comment") ?? string.Empty).Length > 0)
            {
                await table.UpdateEntityAsync(new TableEntity(reference, row.RowKey) { ["Comment"] = string.Empty }, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
        }
    }

    private static string RowKey(int round) => $"round-{round:D3}";
}
