using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Serverless.LogVerifier;

/// <summary>
/// What to verify. Public: the app's address, the commune, its verifier keys (one per line: every key whose checkpoints
/// must verify, as <c>/key</c> lists them after a rotation), checkpoints kept earlier by anyone.
/// Private (the commune's own auditor): the storage connection, to match every audit row with its leaf and to read
/// the write-once checkpoint archive.
/// </summary>
public sealed record VerifierInput(Uri BaseUrl, string Commune, string VerifierKey, string? StorageConnection = null, IReadOnlyList<string>? SavedCheckpoints = null)
{
    /// <summary>The timestamp authority's certificate (or its CA) that every published RFC 3161 token must be signed by.</summary>
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>? TsaCertificates { get; init; }
}

public sealed record VerificationReport(IReadOnlyList<string> Checks, IReadOnlyList<string> Problems)
{
    public bool Ok => Problems.Count == 0;
}

/// <summary>Checks a commune's log and says exactly what is wrong: which leaf, which audit row, which checkpoint.</summary>
public sealed class LogVerifier(HttpClient http)
{
    private const string AuditTable = "AuditTrail";
    private const string ArchiveContainer = "audit-archive";

    private sealed record Leaf(long Index, string Json, string? Commune, string? Reference, string? Step, string? Action, string? At, string? Commitment);

    public async Task<VerificationReport> VerifyAsync(VerifierInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var checks = new List<string>();
        var problems = new List<string>();
        var api = $"{input.BaseUrl.ToString().TrimEnd('/')}/api/transparency/{Uri.EscapeDataString(input.Commune)}";

        // 1. The latest checkpoint, signed.
        VerifiedCheckpoint? served = null;
        using (var response = await http.GetAsync(new Uri($"{api}/checkpoint"), cancellationToken))
        {
            var note = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                problems.Add($"no checkpoint is served (HTTP {(int)response.StatusCode})");
            }
            else
            {
                var (checkpoint, problem) = Note.Verify(note, input.VerifierKey);
                if (problem is not null)
                {
                    problems.Add($"served checkpoint: {problem}");
                }
                else
                {
                    served = checkpoint;
                    checks.Add($"checkpoint: {checkpoint!.Origin}, size {checkpoint.Size}, root {Convert.ToBase64String(checkpoint.Root)}, signature verified");
                }
            }
        }

        // 2. Every leaf, in order.
        var (leaves, logSize) = await ReadLeavesAsync(api, cancellationToken);
        var hashes = new List<byte[]>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        for (long index = 0; index < logSize; index++)
        {
            if (!leaves.TryGetValue(index, out var leaf))
            {
                problems.Add($"leaf {index} is missing from the log");
                hashes.Add(new byte[32]);
                continue;
            }

            hashes.Add(Tree.Leaf(Encoding.UTF8.GetBytes(leaf.Json)));
            if (leaf.Reference is null || leaf.Step is null || leaf.Action is null || leaf.At is null || leaf.Commitment is null)
            {
                problems.Add($"leaf {index} is not a log entry: {leaf.Json}");
                continue;
            }

            if (leaf.Commune != input.Commune)
            {
                problems.Add($"leaf {index} ({leaf.Reference} {leaf.Step}) belongs to commune {leaf.Commune}, not {input.Commune}");
            }

            if (Canonical(leaf) != leaf.Json)
            {
                problems.Add($"leaf {index} ({leaf.Reference} {leaf.Step}) is not in canonical form");
            }

            if (seen.TryGetValue($"{leaf.Reference}|{leaf.Step}", out var first))
            {
                problems.Add($"leaf {index} repeats the step {leaf.Step} of {leaf.Reference} already at leaf {first}");
            }
            else
            {
                seen[$"{leaf.Reference}|{leaf.Step}"] = index;
            }
        }

        if (served is not null)
        {
            if (logSize < served.Size)
            {
                problems.Add($"the log serves {logSize} leaves but its signed checkpoint has {served.Size}: leaves were removed");
            }
            else if (!Tree.Root(hashes, 0, (int)served.Size).AsSpan().SequenceEqual(served.Root))
            {
                problems.Add($"the first {served.Size} leaves do not hash to the signed checkpoint's root: a leaf among them was changed, removed, reordered or inserted");
            }
            else
            {
                checks.Add($"leaves: the first {served.Size} of {logSize} hash to the signed root");
            }
        }

        // 3. Checkpoints kept earlier (saved by anyone, and the write-once archive): the log must still extend each one.
        var saved = new List<(string Name, string Note)>();
        saved.AddRange((input.SavedCheckpoints ?? []).Select((note, i) => ($"saved checkpoint {i + 1}", note)));
        if (input.StorageConnection is not null)
        {
            saved.AddRange(await ReadArchiveAsync(input.StorageConnection, input.Commune, cancellationToken));
        }

        // The daily RFC 3161 timestamps: each token over the exact checkpoint it claims, by the supplied authority; the
        // log must extend those checkpoints too.
        saved.AddRange(await new Timestamps(http).CheckAsync(api, input.VerifierKey, input.TsaCertificates, checks, problems, cancellationToken));

        CheckSavedCheckpoints(saved, input.VerifierKey, served, hashes, logSize, checks, problems);

        // 4. The audit trail behind the leaves (private): every row has its leaf and every leaf its row.
        if (input.StorageConnection is not null)
        {
            await CheckAuditTrailAsync(new TableServiceClient(input.StorageConnection).GetTableClient(AuditTable), leaves.Values.Where(leaf => leaf.Index < logSize).ToList(), checks, problems, cancellationToken);
        }

        return new VerificationReport(checks, problems);
    }

    private static void CheckSavedCheckpoints(List<(string Name, string Note)> saved, string verifierKey, VerifiedCheckpoint? served, List<byte[]> hashes, long logSize, List<string> checks, List<string> problems)
    {
        var matching = 0;
        long lastGood = 0;
        foreach (var (name, note) in saved)
        {
            var (checkpoint, problem) = Note.Verify(note, verifierKey);
            if (checkpoint is null)
            {
                problems.Add($"{name}: {problem}");
                continue;
            }

            if (served is not null && checkpoint.Size > served.Size)
            {
                problems.Add($"{name} has size {checkpoint.Size}, larger than the served checkpoint ({served.Size}): the log was cut back");
            }

            if (checkpoint.Size > logSize)
            {
                problems.Add($"{name} has size {checkpoint.Size} but the log serves only {logSize} leaves: leaves were removed");
                continue;
            }

            if (!Tree.Root(hashes, 0, (int)checkpoint.Size).AsSpan().SequenceEqual(checkpoint.Root))
            {
                problems.Add($"the log no longer extends {name} (size {checkpoint.Size}): a leaf before index {checkpoint.Size} changed{(lastGood > 0 ? $", at or after leaf {lastGood}" : string.Empty)}");
                continue;
            }

            matching++;
            lastGood = Math.Max(lastGood, checkpoint.Size);
        }

        if (saved.Count > 0 && matching == saved.Count)
        {
            checks.Add($"earlier checkpoints: all {saved.Count} verified and extended by the log");
        }
    }

    private async Task<(Dictionary<long, Leaf> Leaves, long Size)> ReadLeavesAsync(string api, CancellationToken cancellationToken)
    {
        var leaves = new Dictionary<long, Leaf>();
        long size = 0;
        long start = 0;
        while (true)
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri($"{api}/entries?start={start.ToString(CultureInfo.InvariantCulture)}"), cancellationToken));
            size = document.RootElement.GetProperty("size").GetInt64();
            var page = document.RootElement.GetProperty("entries").EnumerateArray().ToList();
            foreach (var item in page)
            {
                var index = item.GetProperty("index").GetInt64();
                leaves[index] = Parse(index, item.GetProperty("entry").GetString() ?? string.Empty);
            }

            // Pages cover index ranges: the next page starts after this range even when rows inside it are missing.
            start += 1000;
            if (start >= size)
            {
                return (leaves, size);
            }
        }
    }

    private static Leaf Parse(long index, string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Get(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return new Leaf(index, json, Get("commune"), Get("reference"), Get("step"), Get("action"), Get("at"), Get("commitment"));
        }
        catch (JsonException)
        {
            return new Leaf(index, json, null, null, null, null, null, null);
        }
    }

    /// <summary>The canonical form: keys in ordinal order, no whitespace, version 1.</summary>
    private static string Canonical(Leaf leaf) => Canonical(leaf.Action!, leaf.At!, leaf.Commitment!, leaf.Commune ?? string.Empty, leaf.Reference!, leaf.Step!);

    private static string Canonical(string action, string at, string commitment, string commune, string reference, string step)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("action", action);
            writer.WriteString("at", at);
            writer.WriteString("commitment", commitment);
            writer.WriteString("commune", commune);
            writer.WriteString("reference", reference);
            writer.WriteString("step", step);
            writer.WriteNumber("v", 1);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task<List<(string, string)>> ReadArchiveAsync(string connection, string commune, CancellationToken cancellationToken)
    {
        var container = new BlobServiceClient(connection).GetBlobContainerClient(ArchiveContainer);
        var notes = new List<(string, string)>();
        if (!await container.ExistsAsync(cancellationToken))
        {
            return notes;
        }

        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{commune}/checkpoints/", cancellationToken))
        {
            var content = await container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken);
            notes.Add(($"archived checkpoint {blob.Name}", content.Value.Content.ToString()));
        }

        return notes;
    }

    private static async Task CheckAuditTrailAsync(TableClient audit, List<Leaf> leaves, List<string> checks, List<string> problems, CancellationToken cancellationToken)
    {
        var matched = 0;
        var erasedRows = 0;
        var inLog = new HashSet<string>(StringComparer.Ordinal);
        // An RGPD erasure is itself a leaf (step "erasure"): rows scrubbed by it are accepted only if it comes after their own leaf.
        var erasures = leaves.Where(leaf => leaf.Step == "erasure" && leaf.Action == "PersonalDataErased" && leaf.Reference is not null)
            .GroupBy(leaf => leaf.Reference!, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Min(leaf => leaf.Index), StringComparer.Ordinal);
        foreach (var leaf in leaves.Where(leaf => leaf.Reference is not null && leaf.Step is not null).OrderBy(leaf => leaf.Index))
        {
            inLog.Add($"{leaf.Reference}|{leaf.Step}");
            var row = await audit.GetEntityIfExistsAsync<TableEntity>(leaf.Reference!, leaf.Step!, cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                problems.Add($"leaf {leaf.Index} ({leaf.Reference} {leaf.Step}): its audit entry is missing from the audit trail");
                continue;
            }

            var differences = Differences(leaf, row.Value!, erasures.TryGetValue(leaf.Reference!, out var erasedAtLeaf) ? erasedAtLeaf : null, out var erased);
            erasedRows += erased ? 1 : 0;
            if (differences.Count > 0)
            {
                problems.Add($"audit entry {leaf.Reference} {leaf.Step} differs from leaf {leaf.Index}: {string.Join("; ", differences)}");
            }
            else
            {
                matched++;
            }
        }

        foreach (var reference in leaves.Select(leaf => leaf.Reference).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            await foreach (var row in audit.QueryAsync<TableEntity>(entity => entity.PartitionKey == reference, cancellationToken: cancellationToken))
            {
                if (!inLog.Contains($"{row.PartitionKey}|{row.RowKey}"))
                {
                    problems.Add($"audit entry {row.PartitionKey} {row.RowKey} ({row.GetString("Action")}) is not in the log: added to the audit trail after the fact");
                }
            }
        }

        checks.Add($"audit trail: {matched} of {leaves.Count} leaves match their audit entry{(erasedRows > 0 ? $" ({erasedRows} of them erased under RGPD after the fact, action and time checked, who and detail no longer kept)" : string.Empty)}");
    }

    private static List<string> Differences(Leaf leaf, TableEntity row, long? erasureLeaf, out bool erased)
    {
        erased = false;
        var differences = new List<string>();
        var action = row.GetString("Action") ?? string.Empty;
        if (action != leaf.Action)
        {
            differences.Add($"action is {action}, the log says {leaf.Action}");
        }

        var at = row.GetDateTimeOffset("At") is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : string.Empty;
        if (at != leaf.At)
        {
            differences.Add($"time is {at}, the log says {leaf.At}");
        }

        var salt = row.GetString("Salt");
        if (string.IsNullOrEmpty(salt) && row.ContainsKey("ErasedAt"))
        {
            if (erasureLeaf is not { } at2 || at2 <= leaf.Index)
            {
                differences.Add($"the row says its personal data was erased, but the log records no erasure of {leaf.Reference} after leaf {leaf.Index}");
            }
            else
            {
                erased = differences.Count == 0;
            }

            return differences;
        }

        if (string.IsNullOrEmpty(salt))
        {
            differences.Add("the row has no salt, so who acted and the detail cannot be checked");
            return differences;
        }

        if (Commit(Convert.FromBase64String(salt), row.GetString("Actor") ?? string.Empty, row.GetString("Detail") ?? string.Empty) != leaf.Commitment)
        {
            differences.Add("who acted or the detail changed (the commitment does not match)");
        }

        return differences;
    }

    private static string Commit(byte[] salt, string actor, string detail)
    {
        using var stream = new MemoryStream();
        stream.Write(salt);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("actor", actor);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }
}
