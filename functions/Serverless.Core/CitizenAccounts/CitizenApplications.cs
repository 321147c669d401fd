using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.CitizenAccounts;

/// <summary>One application of a signed-in citizen, as their index row names it.</summary>
public sealed record CitizenApplicationRow(string Reference, string ProcedureId, DateTimeOffset SubmittedAt);

/// <summary>One draft a signed-in citizen started or saved, as their index row names it.</summary>
public sealed record CitizenDraftRow(string DraftId, string ProcedureId, DateTimeOffset StartedAt);

/// <summary>
/// The only writer and reader of the index of applications by FranceConnect subject ("Mes démarches"): partition the
/// SHA-256 of the pseudonymous <c>sub</c> (as <see cref="CitizenSessions"/>), row the reference, and nothing personal
/// beyond that link (procedure and date). Written when a signed-in citizen files; deleted when the application's
/// personal data is erased (<see cref="Retention.ApplicationEraser"/>), which reads the subject from the application's
/// row before scrubbing it. A draft a signed-in citizen works on has a row too (<c>draft|{id}</c>), written by the
/// drafts' store when it keeps the draft and deleted with the draft (sent, discarded or expired).
/// </summary>
public sealed class CitizenApplications(StorageClients storage)
{
    // '|' never appears in a reference, so a draft's row cannot be taken for an application's.
    private const string DraftPrefix = "draft|";

    private readonly TableClient table = storage.Table(StorageNames.CitizenApplicationsTable);

    public Task AddAsync(string sub, string reference, string procedureId, DateTimeOffset submittedAt, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(CitizenSessions.PartitionOf(sub), reference) { ["ProcedureId"] = procedureId, ["SubmittedAt"] = submittedAt },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Names a draft among the citizen's (idempotent: the same row whenever the draft is kept again).</summary>
    public Task AddDraftAsync(string sub, string draftId, string procedureId, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(CitizenSessions.PartitionOf(sub), DraftPrefix + draftId) { ["ProcedureId"] = procedureId, ["StartedAt"] = startedAt },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Forgets a draft (sent, discarded or deleted at expiry).</summary>
    public Task RemoveDraftAsync(string sub, string draftId, CancellationToken cancellationToken) => RemoveAsync(sub, DraftPrefix + draftId, cancellationToken);

    /// <summary>The citizen's applications and drafts, newest first (at most <paramref name="limit"/> of each), in one query.</summary>
    public async Task<(IReadOnlyList<CitizenApplicationRow> Applications, IReadOnlyList<CitizenDraftRow> Drafts)> ListAsync(string sub, int limit, CancellationToken cancellationToken)
    {
        var partition = CitizenSessions.PartitionOf(sub);
        var applications = new List<CitizenApplicationRow>();
        var drafts = new List<CitizenDraftRow>();
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(DraftPrefix, StringComparison.Ordinal))
            {
                drafts.Add(new CitizenDraftRow(row.RowKey[DraftPrefix.Length..], row.GetString("ProcedureId"), row.GetDateTimeOffset("StartedAt") ?? DateTimeOffset.MinValue));
            }
            else
            {
                applications.Add(new CitizenApplicationRow(row.RowKey, row.GetString("ProcedureId"), row.GetDateTimeOffset("SubmittedAt") ?? DateTimeOffset.MinValue));
            }
        }

        return ([.. applications.OrderByDescending(row => row.SubmittedAt).Take(limit)], [.. drafts.OrderByDescending(row => row.StartedAt).Take(limit)]);
    }

    /// <summary>Forgets that this subject filed this application (erasure).</summary>
    public async Task RemoveAsync(string sub, string reference, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(CitizenSessions.PartitionOf(sub), reference, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Already forgotten.
        }
    }
}
