using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.Procedures;

/// <summary>
/// Keeps every published version of every procedure in the catalogue-versions container (first writer wins: a
/// version's content never changes, its name is its hash), and gives back the version an application was submitted
/// under, so that editing the catalogue changes new applications only.
/// </summary>
public sealed partial class ProcedureVersions(ProcedureCatalog catalog, BlobFiles files, ILogger<ProcedureVersions> logger)
{
    private readonly ConcurrentDictionary<string, (ProcedureDefinition Procedure, CommuneDefinition Commune)> loaded = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> published = new(StringComparer.Ordinal);

    /// <summary>Publishes the current version of every procedure (at start-up).</summary>
    public async Task PublishAllAsync(CancellationToken cancellationToken)
    {
        // Each version is its own blob (first writer wins): published together.
        await Task.WhenAll(catalog.Snapshots.Select(snapshot => PublishAsync(snapshot, cancellationToken)));

        LogPublished(catalog.Snapshots.Count);
    }

    /// <summary>The version a new application of the procedure is submitted under; published first if it was not yet.</summary>
    public async Task<string> CurrentAsync(ProcedureDefinition procedure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var snapshot = catalog.SnapshotOf(procedure.Id) ?? throw new InvalidOperationException($"Procedure {procedure.Id} has no snapshot.");
        if (!published.ContainsKey(snapshot.Version))
        {
            await PublishAsync(snapshot, cancellationToken);
        }

        return snapshot.Version;
    }

    /// <summary>The procedure and commune of a given version; null when that version was never published here.</summary>
    public async Task<(ProcedureDefinition Procedure, CommuneDefinition Commune)?> FindAsync(string procedureId, string version, CancellationToken cancellationToken)
    {
        if (loaded.TryGetValue(version, out var known))
        {
            return known;
        }

        (ProcedureDefinition, CommuneDefinition) found;
        if (catalog.SnapshotOf(procedureId) is { } current && current.Version == version && catalog.Find(procedureId) is { } live)
        {
            found = (live, catalog.CommuneOf(live));
        }
        else if (await files.DownloadAsync(StorageNames.CatalogueVersionsContainer, ProcedureSnapshot.BlobNameOf(procedureId, version), cancellationToken) is { } bytes)
        {
            found = CatalogueLoader.FromSnapshot(Encoding.UTF8.GetString(bytes));
        }
        else
        {
            return null;
        }

        loaded[version] = found;
        return found;
    }

    private async Task PublishAsync(ProcedureSnapshot snapshot, CancellationToken cancellationToken)
    {
        await files.UploadIfAbsentAsync(StorageNames.CatalogueVersionsContainer, snapshot.BlobName, Encoding.UTF8.GetBytes(snapshot.Json), "application/json", cancellationToken);
        published[snapshot.Version] = true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Catalogue versions published: {ProcedureCount} procedures")]
    private partial void LogPublished(int procedureCount);
}
