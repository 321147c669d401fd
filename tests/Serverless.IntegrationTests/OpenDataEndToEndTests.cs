using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.OpenData;
using Serverless.Core.Site;
using Serverless.Core.Tests.OpenData;
using Serverless.Core.Usage;
using Serverless.Tests.Fixtures;

namespace Serverless.IntegrationTests;

/// <summary>
/// A local host whose catalogue adds two communes of its own (new ids each run, so direct counts see only these
/// tests' applications): one for the counts, with an explicit-decision procedure and a one-day
/// silence-means-acceptance one, and one for the page; secrecy threshold 2, the nightly run every 2 seconds.
/// </summary>
public sealed class OpenDataFixture : LocalHostFixture
{
    public string CommuneId { get; } = $"od-{Guid.NewGuid():N}"[..20];

    public string PageCommuneId { get; } = $"op-{Guid.NewGuid():N}"[..20];

    public string Explicit => $"{CommuneId}-permit";

    public string Silent => $"{CommuneId}-silent";

    public string PageProcedure => $"{PageCommuneId}-permit";

    public string CataloguePath { get; private set; } = string.Empty;

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        var folder = FixtureCatalogue.CreateFolder();
        foreach (var (communeId, name) in new[] { (CommuneId, "Commune du Test-Ouvert"), (PageCommuneId, "Commune de la Page-Ouverte") })
        {
            var commune = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "communes", "val-temoin.json")))!;
            commune["id"] = communeId;
            commune["name"] = name;
            commune["statisticalSecrecyThreshold"] = 2;
            File.WriteAllText(Path.Combine(folder, "communes", communeId + ".json"), commune.ToJsonString());
        }

        foreach (var (communeId, id, prefix, days, silence) in new[] { (CommuneId, Explicit, "ODX", 21, "none"), (CommuneId, Silent, "ODS", 1, "acceptance"), (PageCommuneId, PageProcedure, "ODP", 21, "none") })
        {
            var procedure = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "procedures", "terrace-permit.json")))!;
            procedure["id"] = id;
            procedure["commune"] = communeId;
            procedure["referencePrefix"] = prefix;
            procedure["legal"]!["decisionDeadlineDays"] = days;
            procedure["legal"]!["silenceMeans"] = silence;
            File.WriteAllText(Path.Combine(folder, "procedures", id + ".json"), procedure.ToJsonString());
        }

        settings["Catalogue:Path"] = CataloguePath = folder;
        settings["OpenData:PublishInterval"] = "00:00:02";
    }
}

public sealed class OpenDataEndToEndTests(OpenDataFixture host) : IClassFixture<OpenDataFixture>
{
    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(field => KeyValuePair.Create(field.Name, field.Value)));

    private static async Task<Receipt> SubmitAsync(HttpClient api, string procedureId) =>
        await ApplicationClient.SubmitAsync(api, JsonContent.Create(new { businessName = "Bar du Port", contactEmail = ApplicationClient.NewCitizenEmail(), tables = "2" }), $"/api/procedures/{procedureId}/applications");

    private async Task DecideAsync(HttpClient browser, Receipt receipt, string button, string comment = "")
    {
        var mail = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        using var response = await browser.PostAsync(mail.Link(button), Form(("comment", comment)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (condition(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task PublishOpenData_DrivenApplications_PublishedFiguresMatchADirectCountAndTheCsvMatchesItsSchema()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var approved = new[] { await SubmitAsync(api, host.Explicit), await SubmitAsync(api, host.Explicit) };
        var rejected = await SubmitAsync(api, host.Explicit);
        var changed = await SubmitAsync(api, host.Explicit);
        var withdrawn = await SubmitAsync(api, host.Explicit);
        var implicitly = await SubmitAsync(api, host.Silent);
        foreach (var receipt in approved)
        {
            await DecideAsync(browser, receipt, "Accepter la demande");
        }

        await DecideAsync(browser, rejected, "Refuser la demande", "Dossier incomplet.");
        await DecideAsync(browser, changed, "Demander des compléments", "Précisez le nombre de tables.");
        var waiting = await ApplicationClient.WaitForStatusAsync(api, changed, body => body.Status == "ChangesRequested" && body.WithdrawUrl is not null);
        foreach (var receipt in new[] { changed, withdrawn })
        {
            var status = receipt == changed ? waiting : await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.WithdrawUrl is not null && body.Status == "UnderReview");
            using var posted = await browser.PostAsync(new Uri(host.BaseAddress, status.WithdrawUrl!), Form());
            Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        }

        foreach (var receipt in approved.Concat([rejected, changed, withdrawn, implicitly]))
        {
            await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.History.Any(item => item.Action == "CitizenNotified"));
        }

        // The direct count: every application of the commune's procedures, read from the Applications table.
        var rows = new List<TableEntity>();
        await foreach (var row in host.Storage.Table(StorageNames.ApplicationsTable).QueryAsync<TableEntity>(entity => entity.RowKey == ApplicationRecord.RowKeyValue && (entity.GetString("ProcedureId") == host.Explicit || entity.GetString("ProcedureId") == host.Silent)))
        {
            rows.Add(row);
        }

        Assert.Equal(6, rows.Count);
        var month = FactLedger.MonthOf(DateTimeOffset.UtcNow);
        long Count(string procedureId, Func<TableEntity, bool> where) => rows.Count(row => row.GetString("ProcedureId") == procedureId && where(row));
        var expected = new[] { host.Explicit, host.Silent }.ToDictionary(id => id, id => new Dictionary<string, long>
        {
            [StatisticMeasures.Submitted] = Count(id, _ => true),
            [StatisticMeasures.Approved] = Count(id, row => row.GetString("Status") == "Approved"),
            [StatisticMeasures.Rejected] = Count(id, row => row.GetString("Status") == "Rejected"),
            [StatisticMeasures.Decided] = Count(id, row => row.GetString("Status") is "Approved" or "Rejected"),
            [StatisticMeasures.Implicit] = Count(id, row => row.GetBoolean("ImplicitDecision") == true),
            [StatisticMeasures.Withdrawn] = Count(id, row => row.GetString("Status") == "Withdrawn"),
            [StatisticMeasures.Abandoned] = Count(id, row => row.GetString("Status") == "Abandoned"),
            [StatisticMeasures.ChangesRequested] = Count(id, row => row.GetString("ChangeMessage") is { Length: > 0 }),
        });
        Assert.Equal(2, expected[host.Explicit][StatisticMeasures.Approved]);
        Assert.Equal(1, expected[host.Silent][StatisticMeasures.Implicit]);

        // The nightly loop folds and publishes: wait until the folded aggregates hold every transition, then until a
        // publication made from them is served.
        var ledger = host.Services.Get<StatisticsLedger>().Ledger;
        bool Matches(IReadOnlyList<MonthAggregate> aggregates) => expected.All(pair =>
            aggregates.SingleOrDefault(item => item.ProcedureId == pair.Key && item.Month == month) is { } aggregate && StatisticMeasures.All.All(measure => aggregate[measure] == pair.Value[measure]));
        var folded = await WaitForAsync(() => ledger.ReadAsync(host.CommuneId, CancellationToken.None), Matches, "the folded statistics never matched the direct count");
        var catalog = host.Services.Get<Core.Procedures.ProcedureCatalog>();
        var published = await WaitForAsync(
            async () =>
            {
                using var response = await api.GetAsync($"/api/open-data/{host.CommuneId}/statistics.json");
                return response.StatusCode == HttpStatusCode.OK ? StatisticsFormats.FromJson(await response.Content.ReadAsStringAsync()) : null;
            },
            candidate => candidate is not null
                && StatisticsFormats.ToJson(candidate) == StatisticsFormats.ToJson(StatisticsTable.Build(catalog.FindCommune(host.CommuneId)!, catalog, folded, candidate.PublishedOn, candidate.Schema)),
            "the published statistics never showed the folded figures");

        foreach (var (procedureId, counts) in expected)
        {
            var row = published!.Rows.Single(item => item.ProcedureId == procedureId && item.Month == month);
            foreach (var (measure, column) in PublishedStatistics.Columns)
            {
                // Shown: equal to the direct count. Hidden: a count below 2 (1) or a secondary suppression.
                Assert.True(row.Counts[column] is null ? row.Suppressed.Contains(column) : row.Counts[column] == counts[measure], $"{procedureId} {column}");
            }
        }

        Assert.Contains(published!.Rows, row => row.Suppressed.Count > 0);
        var csv = await api.GetStringAsync($"/api/open-data/{host.CommuneId}/statistics.csv");
        var schema = await api.GetStringAsync("/api/open-data/schema.json");
        Assert.Empty(TableSchemaValidator.Validate(schema, csv));
        Assert.Empty(SecrecyAttacker.Recover(csv));
        var blob = (await host.Storage.Container(StorageNames.OpenDataContainer).GetBlobClient(NightlyStatistics.CsvBlob(host.CommuneId)).DownloadContentAsync()).Value.Content.ToString();
        Assert.Equal(csv, blob);

        // Usage: the report against direct counts of the outbox and the certificate blobs.
        // Counted once the outbox is drained: the decision e-mail's audit entry can come before the reviewers'
        // revocation links, queued by the same step, have left.
        var references = rows.Select(row => row.PartitionKey).ToList();
        async Task<(int Pending, int Sent)> OutboxStatesAsync()
        {
            var (pending, sent) = (0, 0);
            foreach (var reference in references)
            {
                foreach (var message in await host.Services.Get<Serverless.Core.Outbox.EmailOutbox>().ListAsync(reference, CancellationToken.None))
                {
                    (pending, sent) = message.Sent ? (pending, sent + 1) : (pending + 1, sent);
                }
            }

            return (pending, sent);
        }

        var sent = (await WaitForAsync(OutboxStatesAsync, states => states.Pending == 0, "the outbox never drained")).Sent;

        long certificateBytes = 0;
        foreach (var reference in references)
        {
            await foreach (var item in host.Storage.Container(StorageNames.CertificatesContainer).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, reference + "/", CancellationToken.None))
            {
                certificateBytes += item.Properties.ContentLength ?? 0;
            }
        }

        var renderer = host.Services.Get<UsageReportRenderer>();
        var report = await WaitForAsync(
            async () => (await host.Services.Get<UsageReport>().BuildAsync(new UsageScope([host.CommuneId]), month, CancellationToken.None)).Single(),
            candidate => candidate.EmailsSent == sent && candidate.StorageBytesHeld == certificateBytes && candidate.CertificatesIssued == 3,
            "the folded usage never matched the direct count of e-mails, certificates and bytes");
        Assert.Equal(6, report.Applications);
        Assert.Equal(sent, report.EmailsSent);
        Assert.Equal(3, report.CertificatesIssued);
        Assert.Equal(certificateBytes, report.StorageBytesHeld);
        Assert.Equal(0, report.WebhookDeliveries);
        Assert.Contains($"{host.CommuneId},", await renderer.CsvAsync(new UsageScope([host.CommuneId]), month, CancellationToken.None), StringComparison.Ordinal);

        // The administrator's command-line report: the same figures, from the deployment's storage settings.
        using var output = new StringWriter();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString, ["Catalogue:Path"] = host.CataloguePath })
            .Build();
        Assert.Equal(0, await global::Serverless.Tools.Usage.UsageReportCommand.RunAsync(["--month", month, "--commune", host.CommuneId], configuration, output, TextWriter.Null));
        var total = Csv.Parse(output.ToString()).Single(line => line.Count > 3 && line[3] == PublishedStatistics.AllProcedures);
        Assert.Equal(["6", sent.ToString(System.Globalization.CultureInfo.InvariantCulture), "3", certificateBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), "0"], total.Skip(4).Take(5));
        Assert.Empty(await host.Services.Get<UsageReport>().BuildAsync(new UsageScope(["another-commune"]), month, CancellationToken.None));

        var page = await browser.GetStringAsync($"/api/open-data/{host.CommuneId}");
        Assert.Contains("<svg role=\"img\"", page, StringComparison.Ordinal);
        Assert.Contains("<caption id=\"volumes-caption\">", page, StringComparison.Ordinal);
    }
}
