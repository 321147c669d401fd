using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Retention;
using Serverless.Core.Site;
using Serverless.Core.Transparency;
using Serverless.LogVerifier;
using Serverless.Tests.Fixtures;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests;

/// <summary>
/// A local host where a retention "month" lasts 2 seconds, the warning comes 8 seconds before the erasure, the
/// retention loop runs every second, and the erasure crashes once right after deleting the blobs (the next pass must
/// finish it). Its catalogue adds the commune Val-d'Oubli and its procedure <c>oubli-permit</c> (6 months, one
/// attachment), which no other test uses, so its transparency log holds only this test's applications.
/// </summary>
public sealed class ShortRetentionFixture : LocalHostFixture
{
    public const string Commune = "val-oubli";
    public const string Procedure = "oubli-permit";

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var folder = FixtureCatalogue.CreateFolder();
        var commune = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "communes", "val-temoin.json")))!.AsObject();
        commune["id"] = Commune;
        commune["name"] = "Commune du Val-d'Oubli (test de la conservation)";
        commune["city"] = "Val-d'Oubli";
        File.WriteAllText(Path.Combine(folder, "communes", $"{Commune}.json"), commune.ToJsonString());
        var procedure = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "procedures", "ledger-permit.json")))!.AsObject();
        procedure["id"] = Procedure;
        procedure["commune"] = Commune;
        procedure["referencePrefix"] = "OUB";
        procedure["legal"]!["silenceMeans"] = "none";
        procedure["legal"]!["decisionDeadlineDays"] = 30;
        procedure["retentionMonths"] = 6;
        procedure["fields"]!.AsArray().Add(JsonNode.Parse("""{ "name": "plan", "type": "file", "required": false, "summary": false, "label": { "fr": "Plan (PDF)", "en": "Plan (PDF)" }, "files": { "maxCount": 1, "maxSizeMb": 1, "types": ["pdf"] } }"""));
        File.WriteAllText(Path.Combine(folder, "procedures", $"{Procedure}.json"), procedure.ToJsonString());
        settings["Catalogue:Path"] = folder;
        settings["Retention:MonthLength"] = "00:00:02";
        settings["Retention:WarningLead"] = "00:00:08";
        settings["Retention:Interval"] = "00:00:01";
        settings["Faults:CrashOnceAfter"] = ApplicationEraser.AfterBlobsStep;
    }

    /// <summary>The warnings of the fault hook and of the retention loop, to show the crash really happened.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Warnings { get; } = new();

    protected override void Configure(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddProvider(new WarningsProvider(Warnings));
    }

    private sealed class WarningsProvider(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILoggerProvider
    {
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new WarningLogger(lines);

        public void Dispose()
        {
        }
    }

    private sealed class WarningLogger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Warning;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            lines.Enqueue(formatter(state, exception));
        }
    }
}

/// <summary>RGPD retention, the whole cycle on the real local host, Azurite and maildev, with months shortened to seconds.</summary>
public sealed class RetentionEndToEndTests(ShortRetentionFixture host, ITestOutputHelper output) : IClassFixture<ShortRetentionFixture>
{
    private const string Path = $"/api/procedures/{ShortRetentionFixture.Procedure}/applications";

    [Fact]
    public async Task Retention_ApprovedApplication_IsWarnedThenErasedKeepingATombstoneAVerifiableCertificateAndLog()
    {
        using var api = host.Client();
        var citizen = ApplicationClient.NewCitizenEmail();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Bistrot de l'Oubli"), "businessName" },
            { new StringContent(citizen), "contactEmail" },
            { new StringContent("6"), "tables" },
        };
        var plan = new ByteArrayContent(ApplicationClient.ProofPdf);
        plan.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(plan, "plan", "plan-terrasse.pdf");
        var receipt = await ApplicationClient.SubmitAsync(api, form, Path);
        var approve = (await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference)).Link("Accepter la demande");
        using var browser = host.Client("text/html");
        using (var decision = await browser.PostAsync(approve, new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        }

        var approved = await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.History.Any(item => item.Action == "CitizenNotified"));
        var certificate = Assert.IsType<CertificateInfo>(approved.Certificate);
        var pdf = await api.GetByteArrayAsync(certificate.DownloadUrl);
        Assert.NotEmpty(await BlobsAsync(StorageNames.AttachmentsContainer, receipt.Reference));
        Assert.NotEmpty(await BlobsAsync(StorageNames.CertificatesContainer, receipt.Reference));

        // 14 days before (here 8 s): the citizen is told, French first then English, with the date of the erasure.
        var warning = await host.Mailbox.WaitForAsync(citizen, "Effacement de vos données");
        Assert.Contains(receipt.Reference, warning.Subject, StringComparison.Ordinal);
        Assert.Contains("seront effacées le", warning.Text, StringComparison.Ordinal);
        Assert.Contains("will be deleted on", warning.Text, StringComparison.Ordinal);
        Assert.True(warning.Text.IndexOf("Bonjour", StringComparison.Ordinal) < warning.Text.IndexOf("Hello", StringComparison.Ordinal));
        Assert.Single(await host.Mailbox.ToAsync(citizen, "Effacement de vos données"));

        // At expiry: erased, although the first pass crashed right after deleting the blobs.
        var erased = await WaitForErasureAsync(api, receipt);
        output.WriteLine($"Status after the erasure: {erased}");
        Assert.Equal("Approved", erased.GetProperty("status").GetString());
        Assert.Equal("retention", erased.GetProperty("erasureReason").GetString());
        Assert.Contains(erased.GetProperty("history").EnumerateArray(), item => item.GetProperty("action").GetString() == "RetentionWarningSent");
        Assert.Contains(erased.GetProperty("history").EnumerateArray(), item => item.GetProperty("action").GetString() == "PersonalDataErased");
        Assert.Empty(await BlobsAsync(StorageNames.AttachmentsContainer, receipt.Reference));
        Assert.Empty(await BlobsAsync(StorageNames.CertificatesContainer, receipt.Reference));
        Assert.Contains(host.Warnings, line => line.Contains($"Injected crash after the side effect of {ApplicationEraser.AfterBlobsStep} ({receipt.Reference})", StringComparison.Ordinal));
        Assert.Contains(host.Warnings, line => line.Contains($"Retention Erase of {receipt.Reference} failed", StringComparison.Ordinal));

        var row = (await host.Services.Get<ApplicationRepository>().FindAsync(receipt.Reference, CancellationToken.None))!;
        Assert.Equal(string.Empty, row.CitizenEmail);
        Assert.Equal("{}", row.ValuesJson);
        Assert.Equal("[]", row.AttachmentsJson);
        Assert.NotNull(row.ErasedAt);
        foreach (var table in new[] { StorageNames.ApplicationsTable, StorageNames.AuditTrailTable, StorageNames.OutboxTable, StorageNames.ReviewDecisionsTable, StorageNames.CertificatesTable })
        {
            await foreach (var stored in host.Storage.Table(table).QueryAsync<TableEntity>())
            {
                var text = JsonSerializer.Serialize(stored);
                Assert.False(text.Contains(citizen, StringComparison.OrdinalIgnoreCase) || text.Contains("Bistrot de l", StringComparison.Ordinal), $"{table} {stored.PartitionKey} {stored.RowKey} still holds personal data: {text}");
            }
        }

        var tombstone = (await host.Services.Get<Tombstones>().FindAsync(ShortRetentionFixture.Commune, receipt.Reference, CancellationToken.None))!;
        output.WriteLine($"Tombstone: {JsonSerializer.Serialize(tombstone)}");
        Assert.Equal("Approved", tombstone.Outcome);
        Assert.Equal(ShortRetentionFixture.Procedure, tombstone.ProcedureId);
        Assert.Equal("retention", tombstone.Reason);
        Assert.Equal(certificate.Number, tombstone.CertificateNumber);
        Assert.Equal(certificate.Sha256, tombstone.CertificateSha256);
        Assert.NotNull(tombstone.DecidedAt);
        Assert.Equal(6, tombstone.RetentionMonths);

        // The certificate stays verifiable: by number ("valid, document no longer kept", its issuance still proved in
        // the log) and by the file's hash.
        await host.Services.Get<Checkpointer>().CheckpointAsync(ShortRetentionFixture.Commune, CancellationToken.None);
        using (var verification = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/verify/{certificate.Number}", UriKind.Relative))))
        {
            Assert.Equal("valid", verification.RootElement.GetProperty("status").GetString());
            Assert.False(verification.RootElement.GetProperty("documentKept").GetBoolean());
            Assert.True(verification.RootElement.GetProperty("log").GetProperty("verified").GetBoolean());
        }

        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(new Uri($"/api/verify/{certificate.Number}", UriKind.Relative)));
        Assert.Contains("Valide, document non conservé", page, StringComparison.Ordinal);
        using (var upload = new MultipartFormDataContent())
        {
            var file = new ByteArrayContent(pdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            upload.Add(file, "file", "attestation.pdf");
            using var byFile = JsonDocument.Parse(await (await api.PostAsync("/api/verify", upload)).Content.ReadAsStringAsync());
            Assert.True(byFile.RootElement.GetProperty("genuine").GetBoolean());
            Assert.False(byFile.RootElement.GetProperty("certificate").GetProperty("documentKept").GetBoolean());
        }

        // The status page and the access archive say it was erased, and when.
        var statusPage = WebUtility.HtmlDecode(await browser.GetStringAsync(receipt.StatusUrl));
        Assert.Contains("ont été effacées le", statusPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Télécharger l'attestation", statusPage, StringComparison.Ordinal);
        Assert.Contains("Vérifier l'attestation", statusPage, StringComparison.Ordinal);
        using (var archive = new ZipArchive(await api.GetStreamAsync(new Uri(receipt.StatusUrl.Replace("?access=", "/archive?access=", StringComparison.Ordinal))), ZipArchiveMode.Read))
        {
            Assert.Single(archive.Entries);
            using var document = JsonDocument.Parse(archive.GetEntry("demande.json")!.Open());
            Assert.Equal(JsonValueKind.String, document.RootElement.GetProperty("erasedAt").ValueKind);
            Assert.Empty(document.RootElement.GetProperty("values").EnumerateObject());
        }

        // The log still verifies after the erasure, audit rows included, with the verifier and with the script.
        var key = (await api.GetStringAsync(new Uri($"/api/transparency/{ShortRetentionFixture.Commune}/key", UriKind.Relative))).Trim();
        var report = await new LogVerifier.LogVerifier(new HttpClient()).VerifyAsync(new VerifierInput(host.BaseAddress, ShortRetentionFixture.Commune, key, TestEnvironment.StorageConnectionString), CancellationToken.None);
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Contains(report.Checks, check => check.Contains("erased under RGPD", StringComparison.Ordinal));

        // The holder still proves the issuance from the number and reference printed on the certificate: the erasure
        // removed the salt of who acted, not the subject salt that opens the v2 leaf.
        var holder = await new LogVerifier.LogVerifier(new HttpClient()).VerifyCertificateAsync(host.BaseAddress, certificate.Number, receipt.Reference, key, CancellationToken.None);
        output.WriteLine($"Certificate holder after the erasure: {string.Join(" | ", holder.Checks.Concat(holder.Problems))}");
        Assert.True(holder.Ok, string.Join("\n", holder.Problems));
        Assert.Contains(holder.Checks, check => check.Contains("(v2): its subject opens to the issuance", StringComparison.Ordinal));
        var (code, script) = await RunScriptAsync(key);
        output.WriteLine($"verify-log.sh after the erasure (exit {code}):\n{script}");
        Assert.True(code == 0, script);

        // A row scrubbed without an erasure in the log is what a forger would do: the verifier names it.
        var audit = host.Storage.Table(StorageNames.ApplicationsTable);
        var other = await ApplicationClient.SubmitAsync(api, JsonContent(ApplicationClient.NewCitizenEmail()), Path);
        await ApplicationClient.WaitForStatusAsync(api, other, status => status.History.Any(item => item.Action == "ReviewRequested"));
        await host.Services.Get<Checkpointer>().CheckpointAsync(ShortRetentionFixture.Commune, CancellationToken.None);
        var submitted = (await audit.GetEntityAsync<TableEntity>(other.Reference, AuditTrail.Kind + AuditSteps.Submitted)).Value;
        await audit.UpsertEntityAsync(new TableEntity(other.Reference, AuditTrail.Kind + AuditSteps.Submitted) { ["Action"] = submitted.GetString("Action"), ["At"] = submitted.GetDateTimeOffset("At"), ["Actor"] = "citizen", ["Detail"] = string.Empty, ["ErasedAt"] = DateTimeOffset.UtcNow }, TableUpdateMode.Replace);
        var forged = await new LogVerifier.LogVerifier(new HttpClient()).VerifyAsync(new VerifierInput(host.BaseAddress, ShortRetentionFixture.Commune, key, TestEnvironment.StorageConnectionString), CancellationToken.None);
        await audit.UpsertEntityAsync(submitted, TableUpdateMode.Replace);
        output.WriteLine($"A row scrubbed without an erasure: {string.Join(" | ", forged.Problems)}");
        Assert.Contains(forged.Problems, problem => problem.Contains($"audit entry {other.Reference} submitted", StringComparison.Ordinal) && problem.Contains("no erasure", StringComparison.Ordinal));
    }

    private static System.Net.Http.Json.JsonContent JsonContent(string email) =>
        System.Net.Http.Json.JsonContent.Create(new { businessName = "Café du Lac", contactEmail = email, tables = "2" });

    private async Task<List<string>> BlobsAsync(string container, string reference)
    {
        var names = new List<string>();
        await foreach (var blob in host.Storage.Container(container).GetBlobsAsync(BlobTraits.None, BlobStates.None, reference + "/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private static async Task<JsonElement> WaitForErasureAsync(HttpClient api, Receipt receipt)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            using var document = JsonDocument.Parse(await api.GetStringAsync(receipt.StatusUrl));
            if (document.RootElement.TryGetProperty("erasedAt", out var at) && at.ValueKind == JsonValueKind.String)
            {
                return document.RootElement.Clone();
            }

            Assert.True(DateTime.UtcNow < deadline, $"{receipt.Reference} was not erased in time: {document.RootElement}");
            await Task.Delay(250);
        }
    }

    private async Task<(int Code, string Output)> RunScriptAsync(string key)
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(System.IO.Path.Combine(root, "Serverless.sln")))
        {
            root = System.IO.Path.GetDirectoryName(root.TrimEnd(System.IO.Path.DirectorySeparatorChar))!;
        }

        var start = new ProcessStartInfo(System.IO.Path.Combine(root, "scripts", "verify-log.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--url", host.BaseAddress.ToString(), "--commune", ShortRetentionFixture.Commune, "--key", key, "--storage", TestEnvironment.StorageConnectionString })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
