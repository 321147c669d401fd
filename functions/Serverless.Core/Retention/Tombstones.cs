using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.Retention;

/// <summary>What is kept of an erased application: no personal data, enough for statistics and to read the audit skeleton.</summary>
public sealed record Tombstone(
    string Commune,
    string Reference,
    string ProcedureId,
    string? ProcedureVersion,
    string Outcome,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset ErasedAt,
    string Reason,
    int? RetentionMonths,
    string? CertificateNumber,
    string? CertificateSha256);

/// <summary>The tombstones (table <c>Tombstones</c>, partition = commune, row = reference): written once, first writer wins.</summary>
public sealed class Tombstones(StorageClients storage)
{
    private readonly TableClient table = storage.Table(StorageNames.TombstonesTable);

    /// <summary>Writes the tombstone unless one exists; returns the one in force (its erasure time is the first run's).</summary>
    public async Task<Tombstone> AddOrGetAsync(Tombstone tombstone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tombstone);
        var row = new TableEntity(tombstone.Commune, tombstone.Reference)
        {
            ["ProcedureId"] = tombstone.ProcedureId,
            ["ProcedureVersion"] = tombstone.ProcedureVersion,
            ["Outcome"] = tombstone.Outcome,
            ["SubmittedAt"] = tombstone.SubmittedAt,
            ["DecidedAt"] = tombstone.DecidedAt,
            ["ErasedAt"] = tombstone.ErasedAt,
            ["Reason"] = tombstone.Reason,
            ["RetentionMonths"] = tombstone.RetentionMonths,
            ["CertificateNumber"] = tombstone.CertificateNumber,
            ["CertificateSha256"] = tombstone.CertificateSha256,
        };
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
            return tombstone;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return (await FindAsync(tombstone.Commune, tombstone.Reference, cancellationToken))!;
        }
    }

    public async Task<Tombstone?> FindAsync(string commune, string reference, CancellationToken cancellationToken)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(commune, reference, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var row = found.Value!;
        return new Tombstone(
            commune,
            reference,
            row.GetString("ProcedureId") ?? string.Empty,
            row.GetString("ProcedureVersion"),
            row.GetString("Outcome") ?? string.Empty,
            row.GetDateTimeOffset("SubmittedAt") ?? DateTimeOffset.MinValue,
            row.GetDateTimeOffset("DecidedAt"),
            row.GetDateTimeOffset("ErasedAt") ?? DateTimeOffset.MinValue,
            row.GetString("Reason") ?? string.Empty,
            row.GetInt32("RetentionMonths"),
            row.GetString("CertificateNumber"),
            row.GetString("CertificateSha256"));
    }
}
