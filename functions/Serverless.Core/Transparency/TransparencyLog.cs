using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Platform.Configuration;
using Serverless.Platform.Storage;

namespace Serverless.Core.Transparency;

/// <summary>A leaf as stored: its index, its canonical JSON and its leaf hash.</summary>
public sealed record StoredLeaf(long Index, string Entry, byte[] Hash);

/// <summary>
/// The append-only log of each commune, in one table partition per commune (PK = commune id): a <c>head</c> row
/// (size and compact range), one <c>leaf-{index}</c> row per entry and one <c>key-{reference}|{step}</c> row per
/// audit step. The sequencer is the head row's ETag: an append is one entity group transaction that replaces the
/// head (if its ETag is unchanged), adds the leaf and adds the step's key — all or nothing, so the log never has a
/// gap, a duplicate index, or the same audit step twice (see docs/decisions/0005-log-sequencer.md).
/// </summary>
public sealed class TransparencyLog(StorageClients storage, IOptions<PublicUrlOptions> publicUrl)
{
    public const string HeadRow = "head";
    public const string CheckpointRow = "checkpoint";
    private readonly TableClient table = storage.Table(StorageNames.TransparencyLogTable);
    private readonly ConcurrentDictionary<string, CommuneSequencer> sequencers = new(StringComparer.Ordinal);

    /// <summary>The checkpoints' origin line and the signing key's name: "{public host}/transparency/{commune}".</summary>
    public string Origin(string commune)
    {
        var url = new Uri(publicUrl.Value.PublicBaseUrl);
        return $"{url.Authority}{url.AbsolutePath.TrimEnd('/')}/transparency/{commune}";
    }

    public static string LeafRow(long index) => $"leaf-{index.ToString("D12", CultureInfo.InvariantCulture)}";

    public static string KeyRow(string reference, string step) => $"key-{reference}|{step}";

    /// <summary>
    /// Appends the entry once per (reference, step); returns its index, the earlier one when it was already in the
    /// log. Appends of one commune that wait at the same moment share one transaction (<see cref="CommuneSequencer"/>).
    /// </summary>
    public Task<long> AppendAsync(LogEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var sequencer = sequencers.GetOrAdd(entry.Commune, commune => new CommuneSequencer(table, commune, token => ReadHeadAsync(commune, token)));
        return sequencer.AppendAsync(entry, cancellationToken);
    }

    public async Task<long?> FindIndexAsync(string commune, string keyRow, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(commune, keyRow, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetInt64("Index") : null;
    }

    public Task<long?> FindIndexAsync(string commune, string reference, string step, CancellationToken cancellationToken) =>
        FindIndexAsync(commune, KeyRow(reference, step), cancellationToken);

    public async Task<LogHead> ReadHeadAsync(string commune, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(commune, HeadRow, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return new LogHead(0, [], null);
        }

        var frontier = (row.Value!.GetString("Frontier") ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(Convert.FromHexString)
            .ToList();
        return new LogHead(row.Value.GetInt64("Size") ?? 0, frontier, row.Value.ETag);
    }

    /// <summary>Leaves [start, end) in index order.</summary>
    public async Task<IReadOnlyList<StoredLeaf>> ReadLeavesAsync(string commune, long start, long end, CancellationToken cancellationToken)
    {
        var from = LeafRow(start);
        var to = LeafRow(end);
        var leaves = new List<StoredLeaf>();
        var query = table.QueryAsync<TableEntity>(
            row => row.PartitionKey == commune && row.RowKey.CompareTo(from) >= 0 && row.RowKey.CompareTo(to) < 0,
            select: ["RowKey", "Entry", "Hash"],
            cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            leaves.Add(new StoredLeaf(
                long.Parse(row.RowKey.AsSpan("leaf-".Length), CultureInfo.InvariantCulture),
                row.GetString("Entry") ?? string.Empty,
                Convert.FromHexString(row.GetString("Hash") ?? string.Empty)));
        }

        return leaves;
    }

    /// <summary>The leaf hashes of the first <paramref name="size"/> leaves, as the proofs need them.</summary>
    public async Task<IReadOnlyList<byte[]>> LeafHashesAsync(string commune, long size, CancellationToken cancellationToken) =>
        [.. (await ReadLeavesAsync(commune, 0, size, cancellationToken)).Select(leaf => leaf.Hash)];

    public async Task<StoredCheckpoint?> LatestCheckpointAsync(string commune, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(commune, CheckpointRow, cancellationToken: cancellationToken);
        return row.HasValue ? new StoredCheckpoint(row.Value!.GetInt64("Size") ?? 0, row.Value.GetString("Note") ?? string.Empty, row.Value.GetDateTimeOffset("SignedAt") ?? DateTimeOffset.MinValue) : null;
    }

    /// <summary>Records the latest checkpoint, never replacing a larger one (two timers may race).</summary>
    public async Task SaveCheckpointAsync(string commune, StoredCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(commune, CheckpointRow, cancellationToken: cancellationToken);
        var row = new TableEntity(commune, CheckpointRow) { ["Size"] = checkpoint.Size, ["Note"] = checkpoint.Note, ["SignedAt"] = checkpoint.SignedAt };
        try
        {
            if (!existing.HasValue)
            {
                await table.AddEntityAsync(row, cancellationToken);
            }
            else if ((existing.Value!.GetInt64("Size") ?? 0) < checkpoint.Size)
            {
                await table.UpdateEntityAsync(row, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            }
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            // Another instance saved one at the same moment; the next tick compares again.
        }
    }
}

/// <summary>The log's size, the compact range of its tree and the head row's ETag (null: the log is empty).</summary>
public sealed record LogHead(long Size, IReadOnlyList<byte[]> Frontier, ETag? ETag)
{
    public byte[] Root => MerkleTree.RootOfFrontier(Frontier);
}

/// <summary>A signed checkpoint as stored: its size, the signed note, when it was signed.</summary>
public sealed record StoredCheckpoint(long Size, string Note, DateTimeOffset SignedAt);
