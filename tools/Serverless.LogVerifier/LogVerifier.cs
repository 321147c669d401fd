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
    private const string ApplicationsTable = "Applications";
    private const string AuditKind = "audit|";
    private const string AuditKindEnd = "audit}";
    private const string ArchiveContainer = "audit-archive";

    private const string LogTable = "TransparencyLog";

    /// <summary>
    /// A leaf as served. v1 states reference, step, action and the exact time; v2 only the commune, the UTC day and two
    /// commitments (<see cref="Subject"/> hides reference, step, action and exact time), opened with the audit row.
    /// </summary>
    private sealed record Leaf(long Index, string Json, int? Version, string? Commune, string? Reference, string? Step, string? Action, string? At, string? Commitment, string? Subject);

    /// <summary>Which audit step a leaf is: read in a v1 leaf, claimed by a key row of the commune's log for a v2 leaf.</summary>
    private sealed record Claim(Leaf Leaf, string Reference, string Step);

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
            switch (leaf.Version)
            {
                case 1 when leaf.Reference is not null && leaf.Step is not null && leaf.Action is not null && leaf.At is not null && leaf.Commitment is not null:
                    CheckV1(leaf, input.Commune, seen, problems);
                    break;
                case 2 when leaf.At is not null && leaf.Commitment is not null && leaf.Subject is not null:
                    CheckV2(leaf, input.Commune, seen, problems);
                    break;
                default:
                    problems.Add($"leaf {index} is not a log entry: {leaf.Json}");
                    break;
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
            await CheckAuditTrailAsync(new TableServiceClient(input.StorageConnection), input.Commune, leaves.Values.Where(leaf => leaf.Index < logSize).ToList(), logSize, checks, problems, cancellationToken);
        }

        return new VerificationReport(checks, problems);
    }

    /// <summary>
    /// What a certificate's holder proves from what they hold (its number and the application's reference, both
    /// printed on it) and the commune's key: the issuance is a leaf covered by the signed checkpoint. The service gives
    /// the leaf and, to whoever brings the reference, the v2 leaf's opening; the subject is recomputed here from that
    /// opening and the reference, the leaf hashed and its inclusion proof checked against the signed root.
    /// </summary>
    public async Task<VerificationReport> VerifyCertificateAsync(Uri baseUrl, string number, string reference, string verifierKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var checks = new List<string>();
        var problems = new List<string>();
        var root = baseUrl.ToString().TrimEnd('/');
        using var verification = JsonDocument.Parse(await http.GetStringAsync(new Uri($"{root}/api/verify/{Uri.EscapeDataString(number)}?reference={Uri.EscapeDataString(reference)}"), cancellationToken));
        if (!verification.RootElement.TryGetProperty("log", out var log) || log.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"certificate {number}: the service shows no issuance in a log (status {verification.RootElement.GetProperty("status").GetString()})");
            return new VerificationReport(checks, problems);
        }

        var commune = log.GetProperty("commune").GetString() ?? string.Empty;
        var index = log.GetProperty("leafIndex").GetInt64();
        var entry = log.TryGetProperty("entry", out var e) ? e.GetString() ?? string.Empty : string.Empty;
        var leaf = Parse(index, entry);
        var api = $"{root}/api/transparency/{Uri.EscapeDataString(commune)}";
        var (checkpoint, problem) = Note.Verify(await http.GetStringAsync(new Uri($"{api}/checkpoint"), cancellationToken), verifierKey);
        if (checkpoint is null)
        {
            problems.Add($"served checkpoint of {commune}: {problem}");
            return new VerificationReport(checks, problems);
        }

        checks.Add($"checkpoint: {checkpoint.Origin}, size {checkpoint.Size}, signature verified");
        if (index >= checkpoint.Size)
        {
            problems.Add($"leaf {index} is not yet covered by the signed checkpoint (size {checkpoint.Size}): try again after the next one");
            return new VerificationReport(checks, problems);
        }

        using var proof = JsonDocument.Parse(await http.GetStringAsync(new Uri($"{api}/proof/inclusion?index={index.ToString(CultureInfo.InvariantCulture)}&size={checkpoint.Size.ToString(CultureInfo.InvariantCulture)}"), cancellationToken));
        var path = proof.RootElement.GetProperty("hashes").EnumerateArray().Select(hash => Convert.FromBase64String(hash.GetString() ?? string.Empty)).ToList();
        if (Tree.VerifyInclusion(index, checkpoint.Size, Tree.Leaf(Encoding.UTF8.GetBytes(entry)), path, checkpoint.Root))
        {
            checks.Add($"leaf {index} is in the log: inclusion proof verified against the signed root of size {checkpoint.Size}");
        }
        else
        {
            problems.Add($"leaf {index}: the entry given does not hash into the signed root with its inclusion proof");
        }

        if (leaf.Version == 1)
        {
            if (leaf.Reference == reference && leaf.Step == "certificate" && leaf.Action == "CertificateIssued")
            {
                checks.Add($"leaf {index} (v1) is the issuance of {reference}'s certificate, on {leaf.At}");
            }
            else
            {
                problems.Add($"leaf {index} (v1) is {leaf.Reference} {leaf.Step}, not the issuance of {reference}'s certificate");
            }
        }
        else if (leaf.Version == 2 && log.TryGetProperty("opening", out var opening) && opening.ValueKind == JsonValueKind.Object)
        {
            string Get(string name) => opening.GetProperty(name).GetString() ?? string.Empty;
            var opens = Get("step") == "certificate" && Get("action") == "CertificateIssued"
                && Subject(Convert.FromBase64String(Get("salt")), Get("action"), Get("at"), reference, Get("step")) == leaf.Subject
                && Get("at").StartsWith(leaf.At ?? "-", StringComparison.Ordinal);
            if (opens)
            {
                checks.Add($"leaf {index} (v2): its subject opens to the issuance of {reference}'s certificate at {Get("at")}");
            }
            else
            {
                problems.Add($"leaf {index} (v2): its subject does not open to the issuance of {reference}'s certificate");
            }
        }
        else
        {
            problems.Add($"leaf {index}: no opening given for {reference} (is it the reference printed on the certificate?)");
        }

        return new VerificationReport(checks, problems);
    }

    private static void CheckV1(Leaf leaf, string commune, Dictionary<string, long> seen, List<string> problems)
    {
        var index = leaf.Index;
        if (leaf.Commune != commune)
        {
            problems.Add($"leaf {index} ({leaf.Reference} {leaf.Step}) belongs to commune {leaf.Commune}, not {commune}");
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

    /// <summary>
    /// A v2 leaf, from what is public: of this commune, canonical (keys in order, the time a UTC day, both commitments
    /// 64 lowercase hex digits), and no subject twice (the same step appended twice would repeat its subject).
    /// </summary>
    private static void CheckV2(Leaf leaf, string commune, Dictionary<string, long> seen, List<string> problems)
    {
        var index = leaf.Index;
        if (leaf.Commune != commune)
        {
            problems.Add($"leaf {index} belongs to commune {leaf.Commune}, not {commune}");
        }

        if (CanonicalV2(leaf.At!, leaf.Commitment!, leaf.Commune ?? string.Empty, leaf.Subject!) != leaf.Json
            || !DateOnly.TryParseExact(leaf.At, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            || !IsHash(leaf.Commitment!) || !IsHash(leaf.Subject!))
        {
            problems.Add($"leaf {index} (v2) is not in canonical form");
        }

        if (seen.TryGetValue($"subject|{leaf.Subject}", out var first))
        {
            problems.Add($"leaf {index} repeats the subject of leaf {first}: one step appended twice");
        }
        else
        {
            seen[$"subject|{leaf.Subject}"] = index;
        }
    }

    private static bool IsHash(string value) => value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

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
            string? Get(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            int? version = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("v", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var number) ? number : null;
            return new Leaf(index, json, version, Get("commune"), Get("reference"), Get("step"), Get("action"), Get("at"), Get("commitment"), Get("subject"));
        }
        catch (JsonException)
        {
            return new Leaf(index, json, null, null, null, null, null, null, null, null);
        }
    }

    /// <summary>The v1 canonical form: keys in ordinal order, no whitespace, version 1.</summary>
    private static string Canonical(Leaf leaf) => Canonical(leaf.Action!, leaf.At!, leaf.Commitment!, leaf.Commune ?? string.Empty, leaf.Reference!, leaf.Step!);

    private static string Canonical(string action, string at, string commitment, string commune, string reference, string step) =>
        CanonicalJson(1, ("action", action), ("at", at), ("commitment", commitment), ("commune", commune), ("reference", reference), ("step", step));

    /// <summary>The v2 canonical form: {"at":day,"commitment","commune","subject","v":2}.</summary>
    private static string CanonicalV2(string at, string commitment, string commune, string subject) =>
        CanonicalJson(2, ("at", at), ("commitment", commitment), ("commune", commune), ("subject", subject));

    /// <summary>A leaf's bytes as text: the given keys (already in ordinal order), then "v"; no whitespace.</summary>
    private static string CanonicalJson(int version, params (string Key, string Value)[] fields)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in fields)
            {
                writer.WriteString(key, value);
            }

            writer.WriteNumber("v", version);
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

    /// <summary>
    /// Every leaf has its audit row and every row of a logged application its leaf. A v1 leaf names its row; a v2 leaf
    /// is claimed by a key row of the commune's log (<c>key-{reference}|{step}</c>, private like the audit trail), and
    /// the claim holds only if the row opens the leaf's subject: a key row moved, deleted or forged cannot make a leaf
    /// match another row, and a leaf no row opens is reported.
    /// </summary>
    private static async Task CheckAuditTrailAsync(TableServiceClient tables, string commune, List<Leaf> leaves, long logSize, List<string> checks, List<string> problems, CancellationToken cancellationToken)
    {
        var audit = tables.GetTableClient(AuditTable);
        var applications = tables.GetTableClient(ApplicationsTable);
        var keyRows = new Dictionary<long, List<(string Reference, string Step)>>();
        await foreach (var row in tables.GetTableClient(LogTable).QueryAsync<TableEntity>(
            entity => entity.PartitionKey == commune && entity.RowKey.CompareTo("key-") >= 0 && entity.RowKey.CompareTo("key.") < 0,
            select: ["RowKey", "Index"],
            cancellationToken: cancellationToken))
        {
            var separator = row.RowKey.IndexOf('|', StringComparison.Ordinal);
            if (separator > 0 && row.GetInt64("Index") is { } keyIndex)
            {
                (keyRows.TryGetValue(keyIndex, out var list) ? list : keyRows[keyIndex] = []).Add((row.RowKey["key-".Length..separator], row.RowKey[(separator + 1)..]));
            }
        }

        // Which step each leaf is, with its audit row (null: missing).
        var claims = new List<(Claim Claim, TableEntity? Row)>();
        foreach (var leaf in leaves.OrderBy(leaf => leaf.Index))
        {
            if (leaf.Version == 1 && leaf.Reference is not null && leaf.Step is not null)
            {
                claims.Add((new Claim(leaf, leaf.Reference, leaf.Step), await RowAsync(applications, audit, leaf.Reference, leaf.Step, cancellationToken)));
            }
            else if (leaf.Version == 2 && leaf.Subject is not null)
            {
                var candidates = new List<(Claim, TableEntity?)>();
                foreach (var (reference, step) in keyRows.GetValueOrDefault(leaf.Index) ?? [])
                {
                    candidates.Add((new Claim(leaf, reference, step), await RowAsync(applications, audit, reference, step, cancellationToken)));
                }

                if (candidates.Count == 0)
                {
                    problems.Add($"leaf {leaf.Index} (v2): no audit entry claims it (its key row or audit entry is missing)");
                    continue;
                }

                // Two key rows on one index: the one whose row opens the subject is the leaf's; the other is reported below.
                var opening = candidates.FirstOrDefault(candidate => candidate.Item2 is { } row && SubjectOpens(leaf, row, candidate.Item1.Reference, candidate.Item1.Step));
                claims.Add(opening.Item1 is not null ? opening : candidates[0]);
            }
        }

        // An RGPD erasure is itself a leaf (step "erasure"): rows scrubbed by it are accepted only if it comes after their own leaf.
        var erasures = claims.Where(claim => claim.Claim.Step == "erasure" && claim.Row is { } row && (claim.Claim.Leaf.Version == 1
                ? claim.Claim.Leaf.Action == "PersonalDataErased"
                : row.GetString("Action") == "PersonalDataErased" && SubjectOpens(claim.Claim.Leaf, row, claim.Claim.Reference, claim.Claim.Step)))
            .GroupBy(claim => claim.Claim.Reference, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Min(claim => claim.Claim.Leaf.Index), StringComparer.Ordinal);

        var matched = 0;
        var erasedRows = 0;
        var inLog = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (claim, row) in claims)
        {
            var leaf = claim.Leaf;
            inLog.Add($"{claim.Reference}|{claim.Step}");
            if (row is null)
            {
                problems.Add($"leaf {leaf.Index} ({claim.Reference} {claim.Step}): its audit entry is missing from the audit trail");
                continue;
            }

            var differences = Differences(claim, row, erasures.TryGetValue(claim.Reference, out var erasedAtLeaf) ? erasedAtLeaf : null, out var erased);
            erasedRows += erased ? 1 : 0;
            if (differences.Count > 0)
            {
                problems.Add($"audit entry {claim.Reference} {claim.Step} differs from leaf {leaf.Index}: {string.Join("; ", differences)}");
            }
            else
            {
                matched++;
            }
        }

        // Every key row (how the service finds a step's leaf, e.g. a certificate's) points at the leaf of its step, and
        // every leaf has its key row: a key row deleted or moved is named even when the leaf is a v1 one.
        var leafOfStep = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (claim, row) in claims)
        {
            if (claim.Leaf.Version == 1 || (row is not null && SubjectOpens(claim.Leaf, row, claim.Reference, claim.Step)))
            {
                leafOfStep.TryAdd($"{claim.Reference}|{claim.Step}", claim.Leaf.Index);
            }
        }

        var keyed = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (keyIndex, steps) in keyRows)
        {
            foreach (var (reference, step) in steps)
            {
                keyed[$"{reference}|{step}"] = keyIndex;
                if (keyIndex < logSize && (!leafOfStep.TryGetValue($"{reference}|{step}", out var index) || index != keyIndex))
                {
                    problems.Add($"key row {reference}|{step} points at leaf {keyIndex}, which is not that step's leaf");
                }
            }
        }

        foreach (var claim in claims.Where(claim => claim.Claim.Leaf.Version == 1))
        {
            if (!keyed.TryGetValue($"{claim.Claim.Reference}|{claim.Claim.Step}", out var keyIndex) || keyIndex != claim.Claim.Leaf.Index)
            {
                problems.Add($"leaf {claim.Claim.Leaf.Index} ({claim.Claim.Reference} {claim.Claim.Step}): its key row is missing or points elsewhere");
            }
        }

        foreach (var reference in claims.Select(claim => claim.Claim.Reference).Distinct(StringComparer.Ordinal))
        {
            await foreach (var row in audit.QueryAsync<TableEntity>(entity => entity.PartitionKey == reference, cancellationToken: cancellationToken))
            {
                if (!inLog.Contains($"{row.PartitionKey}|{row.RowKey}"))
                {
                    problems.Add($"audit entry {row.PartitionKey} {row.RowKey} ({row.GetString("Action")}) is not in the log: added to the audit trail after the fact");
                }
            }

            // Since decision 0012, an application's audit rows are in its partition of Applications (row key audit|{step}).
            await foreach (var row in applications.QueryAsync<TableEntity>(
                entity => entity.PartitionKey == reference && entity.RowKey.CompareTo(AuditKind) >= 0 && entity.RowKey.CompareTo(AuditKindEnd) < 0,
                cancellationToken: cancellationToken))
            {
                var step = row.RowKey[AuditKind.Length..];
                if (!inLog.Contains($"{row.PartitionKey}|{step}"))
                {
                    problems.Add($"audit entry {row.PartitionKey} {step} ({row.GetString("Action")}) is not in the log: added to the audit trail after the fact");
                }
            }
        }

        var versions = leaves.GroupBy(leaf => leaf.Version).OrderBy(group => group.Key).Select(group => $"{group.Count()} v{group.Key}");
        checks.Add($"audit trail: {matched} of {leaves.Count} leaves ({string.Join(", ", versions)}) match their audit entry{(erasedRows > 0 ? $" ({erasedRows} of them erased under RGPD after the fact, action and time checked, who and detail no longer kept)" : string.Empty)}");
    }

    /// <summary>The step's audit row: in the application's partition (decision 0012), else in the AuditTrail table of before.</summary>
    private static async Task<TableEntity?> RowAsync(TableClient applications, TableClient audit, string reference, string step, CancellationToken cancellationToken)
    {
        var inPartition = await applications.GetEntityIfExistsAsync<TableEntity>(reference, AuditKind + step, cancellationToken: cancellationToken);
        if (inPartition.HasValue)
        {
            return inPartition.Value;
        }

        var row = await audit.GetEntityIfExistsAsync<TableEntity>(reference, step, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    private static string ExactTime(TableEntity row) =>
        row.GetDateTimeOffset("At") is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : string.Empty;

    private static bool SubjectOpens(Leaf leaf, TableEntity row, string reference, string step) =>
        row.GetString("SubjectSalt") is { Length: > 0 } salt
        && Subject(Convert.FromBase64String(salt), row.GetString("Action") ?? string.Empty, ExactTime(row), reference, step) == leaf.Subject;

    private static List<string> Differences(Claim claim, TableEntity row, long? erasureLeaf, out bool erased)
    {
        erased = false;
        var leaf = claim.Leaf;
        var differences = new List<string>();
        var action = row.GetString("Action") ?? string.Empty;
        var at = ExactTime(row);
        if (leaf.Version == 1)
        {
            if (action != leaf.Action)
            {
                differences.Add($"action is {action}, the log says {leaf.Action}");
            }

            if (at != leaf.At)
            {
                differences.Add($"time is {at}, the log says {leaf.At}");
            }
        }
        else
        {
            if (at.Length < 10 || at[..10] != leaf.At)
            {
                differences.Add($"time is {at}, the log says the day {leaf.At}");
            }

            if (string.IsNullOrEmpty(row.GetString("SubjectSalt")))
            {
                differences.Add("the row has no subject salt, so its action, time and step cannot be checked");
            }
            else if (!SubjectOpens(leaf, row, claim.Reference, claim.Step))
            {
                differences.Add("its action, time, reference or step changed (the subject does not open)");
            }
        }

        var salt = row.GetString("Salt");
        if (string.IsNullOrEmpty(salt) && row.ContainsKey("ErasedAt"))
        {
            if (erasureLeaf is not { } at2 || at2 <= leaf.Index)
            {
                differences.Add($"the row says its personal data was erased, but the log records no erasure of {claim.Reference} after leaf {leaf.Index}");
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

    /// <summary>The v2 subject: hex SHA-256(salt ‖ {"action":…,"at":exact,"reference":…,"step":…}).</summary>
    private static string Subject(byte[] salt, string action, string at, string reference, string step)
    {
        using var stream = new MemoryStream();
        stream.Write(salt);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("action", action);
            writer.WriteString("at", at);
            writer.WriteString("reference", reference);
            writer.WriteString("step", step);
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
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
