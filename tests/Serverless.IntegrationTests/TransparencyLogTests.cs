using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Core.Transparency;
using Serverless.LogVerifier;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests;

/// <summary>
/// The transparency log end to end on the commune Val-Témoin (a test commune no other test writes to): applications
/// decided by the real workflow become leaves, a signed checkpoint covers them, proofs verify, and the standalone
/// verifier detects every tampering of audit rows and leaves made directly in Azurite.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class TransparencyLogTests(LocalHostFixture host, ITestOutputHelper output)
{
    private const string Commune = "val-temoin";
    private const string Path = "/api/procedures/ledger-permit/applications";

    private TableClient LogTable => host.Storage.Table(StorageNames.TransparencyLogTable);

    private TableClient AuditTable => host.Storage.Table(StorageNames.AuditTrailTable);

    private TableClient ApplicationsTable => host.Storage.Table(StorageNames.ApplicationsTable);

    /// <summary>Where an audit row is: an application's partition of Applications (decision 0012, <c>audit|{step}</c>), or the AuditTrail table of before.</summary>
    private TableClient AuditTableOf(TableEntity row) => row.RowKey.StartsWith(AuditTrail.Kind, StringComparison.Ordinal) ? ApplicationsTable : AuditTable;

    /// <summary>Every audit row of the application, in whichever place its layout keeps them.</summary>
    private async IAsyncEnumerable<TableEntity> AuditRowsAsync(string reference)
    {
        await foreach (var row in AuditTable.QueryAsync<TableEntity>(row => row.PartitionKey == reference))
        {
            yield return row;
        }

        await foreach (var row in ApplicationsTable.QueryAsync<TableEntity>(row => row.PartitionKey == reference && row.RowKey.CompareTo("audit|") >= 0 && row.RowKey.CompareTo("audit}") < 0))
        {
            yield return row;
        }
    }

    [Fact]
    public async Task Log_DecidedApplications_AreLeavesOfASignedCheckpointWithVerifiedProofsAndTheVerifierDetectsEveryTampering()
    {
        using var api = host.Client();
        // An application logged before v2 leaves: its v1 leaves stay as published, before the new applications' v2 leaves.
        var legacy = await SeedV1ApplicationAsync();
        var decided = await DecideApplicationsAsync(api, 3);
        var references = decided.Select(status => status.Reference).ToList();
        List<string> logged = [legacy, .. references];
        await WaitUntilEveryAuditEntryIsALeafAsync(logged);
        var checkpoint = await host.Services.Get<Checkpointer>().CheckpointAsync(Commune, CancellationToken.None);
        var note = await api.GetStringAsync(new Uri($"/api/transparency/{Commune}/checkpoint", UriKind.Relative));
        var key = (await api.GetStringAsync(new Uri($"/api/transparency/{Commune}/key", UriKind.Relative))).Trim();
        output.WriteLine($"Checkpoint served:\n{note}");

        // The served checkpoint is the one just signed, and opens with the published key.
        Assert.Equal(checkpoint!.Note, note);
        var (opened, problem) = SignedNote.Open(note, key);
        Assert.Null(problem);
        Assert.Equal(checkpoint.Size, opened!.Size);

        // Each certificate's issuance is a leaf, proved against the checkpoint.
        var log = host.Services.Get<TransparencyLog>();
        foreach (var reference in references)
        {
            var index = await log.FindIndexAsync(Commune, reference, AuditSteps.Certificate, CancellationToken.None);
            Assert.NotNull(index);
            var proof = (await api.GetFromJsonAsync<InclusionProofView>(new Uri($"/api/transparency/{Commune}/proof/inclusion?index={index}&size={opened.Size}", UriKind.Relative), ApplicationClient.Json))!;
            Assert.True(MerkleTree.VerifyInclusion(proof.Index, proof.Size, Convert.FromBase64String(proof.LeafHash), [.. proof.Hashes.Select(Convert.FromBase64String)], opened.Root));
            output.WriteLine($"Inclusion of {reference} certificate: {JsonSerializer.Serialize(proof)} verified against root {Convert.ToBase64String(opened.Root)}");
        }

        // A consistency proof from an earlier size to the checkpoint verifies against roots recomputed from the public leaves.
        var hashes = (await log.ReadLeavesAsync(Commune, 0, opened.Size, CancellationToken.None)).Select(leaf => MerkleTree.LeafHash(System.Text.Encoding.UTF8.GetBytes(leaf.Entry))).ToList();
        using (var consistency = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/transparency/{Commune}/proof/consistency?first=5&second={opened.Size}", UriKind.Relative))))
        {
            var path = consistency.RootElement.GetProperty("hashes").EnumerateArray().Select(hash => Convert.FromBase64String(hash.GetString()!)).ToList();
            Assert.True(MerkleTree.VerifyConsistency(5, opened.Size, MerkleTree.Root(hashes, 0, 5), opened.Root, path));
        }

        // The verification page says, beside "valid", that the issuance is in the commune's log, proof checked.
        var number = decided[0].Certificate!.Number;
        using (var verification = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/verify/{number}", UriKind.Relative))))
        {
            var inLog = verification.RootElement.GetProperty("log");
            Assert.Equal("valid", verification.RootElement.GetProperty("status").GetString());
            Assert.True(inLog.GetProperty("verified").GetBoolean());
            Assert.Equal(await log.FindIndexAsync(Commune, references[0], AuditSteps.Certificate, CancellationToken.None), inLog.GetProperty("leafIndex").GetInt64());
            output.WriteLine($"GET /api/verify/{number}: {verification.RootElement}");

            // The number alone gives the leaf but not its opening: the reference's small space stays untestable.
            Assert.True(!inLog.TryGetProperty("opening", out var opening) || opening.ValueKind == JsonValueKind.Null, inLog.ToString());
            Assert.DoesNotContain(references[0], inLog.GetProperty("entry").GetString()!, StringComparison.Ordinal);
        }

        // The holder, with the number and the reference printed on the certificate, proves the issuance without
        // trusting the service; a wrong reference gets no opening and proves nothing.
        var verifier = new LogVerifier.LogVerifier(new HttpClient());
        var holder = await verifier.VerifyCertificateAsync(host.BaseAddress, number, references[0], key, CancellationToken.None);
        output.WriteLine($"Certificate holder: {string.Join(" | ", holder.Checks.Concat(holder.Problems))}");
        Assert.True(holder.Ok, string.Join("\n", holder.Problems));
        Assert.Contains(holder.Checks, check => check.Contains("(v2): its subject opens to the issuance", StringComparison.Ordinal));
        var stranger = await verifier.VerifyCertificateAsync(host.BaseAddress, number, references[1], key, CancellationToken.None);
        Assert.Contains(stranger.Problems, problem => problem.Contains("no opening given", StringComparison.Ordinal));
        var (holderCode, holderOutput) = await RunScriptAsync("--url", host.BaseAddress.ToString(), "--key", key, "--certificate", number, "--reference", references[0]);
        output.WriteLine($"verify-log.sh --certificate (exit {holderCode}):\n{holderOutput}");
        Assert.True(holderCode == 0, holderOutput);
        Assert.Contains($"certificate {number}: verified", holderOutput, StringComparison.Ordinal);

        using var browser = host.Client("text/html");
        var page = await browser.GetStringAsync(new Uri($"/api/verify/{number}", UriKind.Relative));
        Assert.Contains("preuve d'inclusion vérifiée contre le dernier point de contrôle signé", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);

        // The verifier passes on the untouched log, then names every tampering, and passes again once it is undone.
        var input = new VerifierInput(host.BaseAddress, Commune, key, TestEnvironment.StorageConnectionString);
        var untouched = await verifier.VerifyAsync(input, CancellationToken.None);
        Assert.True(untouched.Ok, string.Join("\n", untouched.Problems));

        // The log mixes both versions, and the verifier matched every leaf of each with its audit row.
        var entries = (await log.ReadLeavesAsync(Commune, 0, opened.Size, CancellationToken.None)).Select(leaf => leaf.Entry).ToList();
        var v1 = entries.Count(entry => entry.EndsWith("\"v\":1}", StringComparison.Ordinal));
        var v2 = entries.Count(entry => entry.EndsWith("\"v\":2}", StringComparison.Ordinal));
        Assert.Equal(3, v1);
        Assert.Equal(entries.Count - 3, v2);
        Assert.Contains($"audit trail: {entries.Count} of {entries.Count} leaves ({v1} v1, {v2} v2) match their audit entry", untouched.Checks);

        var snapshot = await SnapshotAsync(logged);
        var cases = Tamperings(logged, snapshot, new Random(20261201)).ToList();
        var undetected = new List<string>();
        foreach (var (name, tamper) in cases)
        {
            await tamper();
            var report = await verifier.VerifyAsync(input, CancellationToken.None);
            output.WriteLine($"[{name}] {string.Join(" | ", report.Problems)}");
            if (report.Ok)
            {
                undetected.Add(name);
            }

            await RestoreAsync(logged, snapshot);
        }

        Assert.True(undetected.Count == 0, $"Not detected: {string.Join(", ", undetected)}");
        Assert.True(cases.Count >= 30, $"only {cases.Count} cases");
        var restored = await verifier.VerifyAsync(input, CancellationToken.None);
        Assert.True(restored.Ok, string.Join("\n", restored.Problems));

        // The script anyone runs: exit 0 and "verified" on the untouched log, exit 1 and the leaf's name once one is changed.
        var (okCode, okOutput) = await RunScriptAsync(key);
        Assert.True(okCode == 0, okOutput);
        Assert.Contains($"log of {Commune}: verified", okOutput, StringComparison.Ordinal);
        var leaf = snapshot.Leaves[1];
        await LogTable.UpsertEntityAsync(new TableEntity(leaf.PartitionKey, leaf.RowKey) { ["Entry"] = leaf.GetString("Entry")!.Replace("\"v\":", "\"v\": ", StringComparison.Ordinal), ["Hash"] = leaf.GetString("Hash") }, TableUpdateMode.Replace);
        var (badCode, badOutput) = await RunScriptAsync(key);
        await RestoreAsync(logged, snapshot);
        output.WriteLine($"verify-log.sh on a tampered log (exit {badCode}):\n{badOutput}");
        Assert.Equal(1, badCode);
        Assert.Contains("FAIL: leaf 1 ", badOutput, StringComparison.Ordinal);

        // After an RGPD erasure of one application (its audit rows scrubbed, one more leaf): still verified.
        var tombstone = await host.Services.Get<Core.Retention.ApplicationEraser>().EraseAsync(references[0], Core.Retention.ErasureReason.Request, AuditActors.System, host.Services.Get<Microsoft.DurableTask.Client.DurableTaskClient>(), CancellationToken.None);
        Assert.NotNull(tombstone);
        await host.Services.Get<Checkpointer>().CheckpointAsync(Commune, CancellationToken.None);
        var afterErasure = await verifier.VerifyAsync(input, CancellationToken.None);
        Assert.True(afterErasure.Ok, string.Join("\n", afterErasure.Problems));
        var (erasedCode, erasedOutput) = await RunScriptAsync(key);
        output.WriteLine($"verify-log.sh after erasing {references[0]} (exit {erasedCode}):\n{erasedOutput}");
        Assert.True(erasedCode == 0, erasedOutput);
    }

    /// <summary>
    /// An application as the log held it before v2: audit rows with a salt and no subject salt, and v1 leaves appended
    /// by the log itself (reference, step, action and time in clear).
    /// </summary>
    private async Task<string> SeedV1ApplicationAsync()
    {
        var reference = $"LEDGER-2025-{Guid.NewGuid():N}"[..18].ToUpperInvariant();
        var log = host.Services.Get<TransparencyLog>();
        var at = new DateTimeOffset(2025, 11, 3, 9, 14, 27, TimeSpan.Zero).AddTicks(1234567);
        foreach (var (step, action, actor, detail) in new[]
        {
            (AuditSteps.Submitted, "Submitted", "citizen:ancien@example.org", string.Empty),
            (AuditSteps.Validation, "Validated", AuditActors.System, string.Empty),
            (AuditSteps.Decision(1), "Approved", "agent:registre@val-temoin.example", "conforme"),
        })
        {
            var salt = LogEntry.NewSalt();
            at = at.AddMinutes(7);
            await AuditTable.AddEntityAsync(new TableEntity(reference, step) { ["Action"] = action, ["At"] = at, ["Actor"] = actor, ["Detail"] = detail, ["Salt"] = Convert.ToBase64String(salt) });
            await log.AppendAsync(new LogEntry(Commune, reference, step, action, at, LogEntry.Commit(salt, actor, detail)), CancellationToken.None);
        }

        return reference;
    }

    private static async Task<List<StatusBody>> DecideApplicationsAsync(HttpClient api, int count)
    {
        var receipts = new List<Receipt>();
        for (var i = 0; i < count; i++)
        {
            receipts.Add(await ApplicationClient.SubmitAsync(api, JsonContent.Create(new { businessName = $"Café n° {i}", contactEmail = ApplicationClient.NewCitizenEmail(), tables = "4" }), Path));
        }

        // Silence means acceptance after one (test) day: each application ends approved with a certificate, no agent needed.
        var decided = new List<StatusBody>();
        foreach (var receipt in receipts)
        {
            decided.Add(await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.History.Any(item => item.Action == "CitizenNotified")));
        }

        return decided;
    }

    private async Task WaitUntilEveryAuditEntryIsALeafAsync(IReadOnlyList<string> references)
    {
        var log = host.Services.Get<TransparencyLog>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var rows = 0;
            foreach (var reference in references)
            {
                await foreach (var _ in AuditRowsAsync(reference))
                {
                    rows++;
                }
            }

            if ((await log.ReadHeadAsync(Commune, CancellationToken.None)).Size == rows)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the log never caught up with the audit trail");
            await Task.Delay(200);
        }
    }

    private sealed record Snapshot(List<TableEntity> LogRows, List<TableEntity> AuditRows)
    {
        public List<TableEntity> Leaves => [.. LogRows.Where(row => row.RowKey.StartsWith("leaf-", StringComparison.Ordinal)).OrderBy(row => row.RowKey, StringComparer.Ordinal)];

        public TableEntity Head => LogRows.Single(row => row.RowKey == TransparencyLog.HeadRow);
    }

    private async Task<Snapshot> SnapshotAsync(IReadOnlyList<string> references)
    {
        var log = new List<TableEntity>();
        await foreach (var row in LogTable.QueryAsync<TableEntity>(row => row.PartitionKey == Commune))
        {
            log.Add(row);
        }

        var audit = new List<TableEntity>();
        foreach (var reference in references)
        {
            await foreach (var row in AuditRowsAsync(reference))
            {
                audit.Add(row);
            }
        }

        return new Snapshot(log, audit);
    }

    /// <summary>Puts every row back as it was and removes any row a tampering added.</summary>
    private async Task RestoreAsync(IReadOnlyList<string> references, Snapshot snapshot)
    {
        var current = await SnapshotAsync(references);
        foreach (var row in current.LogRows.Where(row => !snapshot.LogRows.Any(kept => kept.RowKey == row.RowKey)))
        {
            await LogTable.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        foreach (var row in current.AuditRows.Where(row => !snapshot.AuditRows.Any(kept => kept.PartitionKey == row.PartitionKey && kept.RowKey == row.RowKey)))
        {
            await AuditTableOf(row).DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        foreach (var row in snapshot.LogRows)
        {
            await LogTable.UpsertEntityAsync(Copy(row), TableUpdateMode.Replace);
        }

        foreach (var row in snapshot.AuditRows)
        {
            await AuditTableOf(row).UpsertEntityAsync(Copy(row), TableUpdateMode.Replace);
        }
    }

    private static TableEntity Copy(TableEntity row)
    {
        var copy = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row.Where(pair => pair.Key is not ("odata.etag" or "PartitionKey" or "RowKey" or "Timestamp")))
        {
            copy[name] = value;
        }

        return copy;
    }

    /// <summary>Mutations, deletions, reorderings and insertions of audit rows and of leaves, as someone with write access to the storage account would make them.</summary>
    private IEnumerable<(string Name, Func<Task> Tamper)> Tamperings(List<string> references, Snapshot snapshot, Random random)
    {
        var audit = snapshot.AuditRows;
        var leaves = snapshot.Leaves;
        TableEntity AnyAudit() => audit[random.Next(audit.Count)];
        TableEntity AnyLeaf() => leaves[random.Next(leaves.Count)];

        for (var i = 0; i < 4; i++)
        {
            // One variable per case: each lambda runs later and must tamper with the row its name says.
            var actorRow = AnyAudit();
            yield return ($"audit {actorRow.PartitionKey} {actorRow.RowKey}: actor changed", () => Replace(AuditTableOf(actorRow), actorRow, "Actor", "agent:quelqu.un@ailleurs.example"));
            var detailRow = AnyAudit();
            yield return ($"audit {detailRow.PartitionKey} {detailRow.RowKey}: detail changed", () => Replace(AuditTableOf(detailRow), detailRow, "Detail", detailRow.GetString("Detail") + " (modifié)"));
            var timeRow = AnyAudit();
            var minutes = random.Next(1, 600);
            yield return ($"audit {timeRow.PartitionKey} {timeRow.RowKey}: time moved {minutes} min back", () => Replace(AuditTableOf(timeRow), timeRow, "At", timeRow.GetDateTimeOffset("At")!.Value.AddMinutes(-minutes)));
            var actionRow = AnyAudit();
            yield return ($"audit {actionRow.PartitionKey} {actionRow.RowKey}: action changed", () => Replace(AuditTableOf(actionRow), actionRow, "Action", actionRow.GetString("Action") == "Rejected" ? "Approved" : "Rejected"));
            var deletedRow = AnyAudit();
            yield return ($"audit {deletedRow.PartitionKey} {deletedRow.RowKey}: deleted", () => AuditTableOf(deletedRow).DeleteEntityAsync(deletedRow.PartitionKey, deletedRow.RowKey));
            var reference = references[random.Next(references.Count)];
            var forgedStep = $"decision-r0{random.Next(2, 9)}";
            var inPartition = audit.Any(row => row.PartitionKey == reference && row.RowKey.StartsWith(AuditTrail.Kind, StringComparison.Ordinal));
            yield return ($"audit {reference} {forgedStep}: forged row inserted", () => (inPartition ? ApplicationsTable : AuditTable).AddEntityAsync(new TableEntity(reference, inPartition ? AuditTrail.Kind + forgedStep : forgedStep) { ["Action"] = "Rejected", ["At"] = DateTimeOffset.UtcNow, ["Actor"] = "agent:faussaire@example.org", ["Detail"] = string.Empty }));
            var (a, b) = TwoOf(audit.Where(candidate => candidate.PartitionKey == reference).ToList(), random);
            yield return ($"audit {reference}: {a.RowKey} and {b.RowKey} swapped", () => Swap(AuditTableOf(a), a, b, "Action", "At", "Actor", "Detail", "Salt", "SubjectSalt"));

            var editedLeaf = AnyLeaf();
            yield return ($"{editedLeaf.RowKey}: entry edited", () => Replace(LogTable, editedLeaf, "Entry", editedLeaf.GetString("Entry")!.Replace("\"commitment\":\"", "\"commitment\":\"f", StringComparison.Ordinal)));
            var deletedLeaf = AnyLeaf();
            yield return ($"{deletedLeaf.RowKey}: deleted", () => LogTable.DeleteEntityAsync(deletedLeaf.PartitionKey, deletedLeaf.RowKey));
            var (first, second) = TwoOf(leaves, random);
            yield return ($"{first.RowKey} and {second.RowKey} swapped", () => Swap(LogTable, first, second, "Entry", "Hash"));
        }

        // The key rows that say which audit step a v2 leaf is: deleted, or pointed at another leaf.
        var keys = snapshot.LogRows.Where(row => row.RowKey.StartsWith("key-", StringComparison.Ordinal)).ToList();
        var deletedKey = keys[random.Next(keys.Count)];
        yield return ($"{deletedKey.RowKey}: deleted", () => LogTable.DeleteEntityAsync(deletedKey.PartitionKey, deletedKey.RowKey));
        var (movedKey, otherKey) = TwoOf(keys, random);
        yield return ($"{movedKey.RowKey}: pointed at {otherKey.RowKey}'s leaf", () => Replace(LogTable, movedKey, "Index", otherKey.GetInt64("Index")!.Value));
        var gone = references[random.Next(references.Count)];
        yield return ($"audit {gone}: every row and key row deleted", async () =>
        {
            foreach (var row in audit.Where(row => row.PartitionKey == gone))
            {
                await AuditTableOf(row).DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }

            foreach (var row in keys.Where(row => row.RowKey.StartsWith($"key-{gone}|", StringComparison.Ordinal)))
            {
                await LogTable.DeleteEntityAsync(row.PartitionKey, row.RowKey);
            }
        });

        var at = random.Next(leaves.Count);
        yield return ($"forged leaf inserted at {at}, later leaves shifted, head recomputed", () => InsertLeafAsync(leaves, at, references[0]));
        yield return ("forged leaf appended, head recomputed", () => InsertLeafAsync(leaves, leaves.Count, references[0]));
        yield return ("last leaf removed, head recomputed", () => TruncateAsync(leaves, leaves.Count - 1));
        yield return ("served checkpoint deleted", () => LogTable.DeleteEntityAsync(Commune, TransparencyLog.CheckpointRow));
        yield return ("served checkpoint's size edited", () => Replace(LogTable, snapshot.LogRows.Single(row => row.RowKey == TransparencyLog.CheckpointRow), "Note", snapshot.LogRows.Single(row => row.RowKey == TransparencyLog.CheckpointRow).GetString("Note")!.Replace($"\n{leaves.Count}\n", $"\n{leaves.Count - 1}\n", StringComparison.Ordinal)));
    }

    private static (TableEntity, TableEntity) TwoOf(List<TableEntity> rows, Random random)
    {
        var i = random.Next(rows.Count);
        var j = (i + 1 + random.Next(rows.Count - 1)) % rows.Count;
        return (rows[i], rows[j]);
    }

    private static async Task Replace(TableClient table, TableEntity row, string column, object value)
    {
        var copy = Copy(row);
        copy[column] = value;
        await table.UpsertEntityAsync(copy, TableUpdateMode.Replace);
    }

    private static async Task Swap(TableClient table, TableEntity a, TableEntity b, params string[] columns)
    {
        var first = Copy(a);
        var second = Copy(b);
        foreach (var column in columns)
        {
            first[column] = b.TryGetValue(column, out var fromB) ? fromB : null;
            second[column] = a.TryGetValue(column, out var fromA) ? fromA : null;
        }

        await table.UpsertEntityAsync(first, TableUpdateMode.Replace);
        await table.UpsertEntityAsync(second, TableUpdateMode.Replace);
    }

    /// <summary>A careful forger: a well-formed leaf at <paramref name="at"/>, the later leaves moved up, the head's size and compact range recomputed.</summary>
    private async Task InsertLeafAsync(List<TableEntity> leaves, int at, string reference)
    {
        var forged = LogEntry.V2(Commune, reference, "decision-r09", "Rejected", DateTimeOffset.UtcNow, new string('0', 64), LogEntry.NewSalt()).CanonicalText();
        var entries = leaves.Select(row => row.GetString("Entry")!).ToList();
        entries.Insert(at, forged);
        await RewriteAsync(entries);
    }

    private Task TruncateAsync(List<TableEntity> leaves, int size) => RewriteAsync([.. leaves.Take(size).Select(row => row.GetString("Entry")!)]);

    private async Task RewriteAsync(List<string> entries)
    {
        IReadOnlyList<byte[]> frontier = [];
        for (var index = 0; index < entries.Count; index++)
        {
            var hash = MerkleTree.LeafHash(System.Text.Encoding.UTF8.GetBytes(entries[index]));
            frontier = MerkleTree.Append(frontier, index, hash);
            await LogTable.UpsertEntityAsync(new TableEntity(Commune, TransparencyLog.LeafRow(index)) { ["Entry"] = entries[index], ["Hash"] = Convert.ToHexStringLower(hash) }, TableUpdateMode.Replace);
        }

        await LogTable.DeleteEntityAsync(Commune, TransparencyLog.LeafRow(entries.Count));
        await LogTable.UpsertEntityAsync(new TableEntity(Commune, TransparencyLog.HeadRow) { ["Size"] = (long)entries.Count, ["Frontier"] = string.Join(',', frontier.Select(Convert.ToHexStringLower)) }, TableUpdateMode.Replace);
    }

    private Task<(int Code, string Output)> RunScriptAsync(string key) =>
        RunScriptAsync("--url", host.BaseAddress.ToString(), "--commune", Commune, "--key", key, "--storage", TestEnvironment.StorageConnectionString);

    private static async Task<(int Code, string Output)> RunScriptAsync(params string[] arguments)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(System.IO.Path.Combine(root, "Serverless.sln")))
        {
            root = System.IO.Path.GetDirectoryName(root.TrimEnd(System.IO.Path.DirectorySeparatorChar))!;
        }

        var start = new ProcessStartInfo(System.IO.Path.Combine(root, "scripts", "verify-log.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
