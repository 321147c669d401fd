using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.CitizenAccounts;

/// <summary>One application of a signed-in citizen, as their index row names it.</summary>
public sealed record CitizenApplicationRow(string Reference, string ProcedureId, DateTimeOffset SubmittedAt);

/// <summary>
/// The only writer and reader of the index of applications by FranceConnect subject ("Mes démarches"): partition the
/// SHA-256 of the pseudonymous <c>sub</c> (as <see cref="CitizenSessions"/>), row the reference, and nothing personal
/// beyond that link (procedure and date). Written when a signed-in citizen files; deleted when the application's
/// personal data is erased (<see cref="Retention.ApplicationEraser"/>), which reads the subject from the application's
/// row before scrubbing it.
/// </summary>
public sealed class CitizenApplications(StorageClients storage)
{
    private readonly TableClient table = storage.Table(StorageNames.CitizenApplicationsTable);

    public Task AddAsync(string sub, string reference, string procedureId, DateTimeOffset submittedAt, CancellationToken cancellationToken) =>
        table.UpsertEntityAsync(
            new TableEntity(CitizenSessions.PartitionOf(sub), reference) { ["ProcedureId"] = procedureId, ["SubmittedAt"] = submittedAt },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>The citizen's applications, newest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<CitizenApplicationRow>> ListAsync(string sub, int limit, CancellationToken cancellationToken)
    {
        var partition = CitizenSessions.PartitionOf(sub);
        var rows = new List<CitizenApplicationRow>();
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            rows.Add(new CitizenApplicationRow(row.RowKey, row.GetString("ProcedureId"), row.GetDateTimeOffset("SubmittedAt") ?? DateTimeOffset.MinValue));
        }

        return [.. rows.OrderByDescending(row => row.SubmittedAt).Take(limit)];
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
