using System.IO.Compression;
using System.Net;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;
using Serverless.Core.Orchestration;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Workflow;

namespace Serverless.IntegrationTests;

/// <summary>
/// The agents' back office over HTTP, on the real local host: sign-in by a one-time link from maildev, the commune's
/// list, an application's page and its decisions through the same rows and events as the e-mail's links.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class BackOfficeEndToEndTests(LocalHostFixture host)
{
    public const string Agent = "agent.scolaire@saint-exemple.example";
    public const string OtherCommuneAgent = "ecoles@villeneuve-sur-gard.example";

    [Fact]
    public async Task AgentPages_ForgedAppServiceAuthenticationHeaders_AreNeverBelievedByTheLocalHost()
    {
        // The fixture's settings ask to trust App Service Authentication; the local host refuses to (it has none in front).
        using var forger = host.Client("text/html");
        forger.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL", "e30=");
        forger.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL-IDP", "aad");
        forger.DefaultRequestHeaders.Add("X-MS-CLIENT-PRINCIPAL-NAME", Agent);

        using var response = await forger.GetAsync("/api/agent?tab=all");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("action=\"/api/agent/sign-in", page, StringComparison.Ordinal);
        Assert.DoesNotContain(Agent, page, StringComparison.Ordinal);
        Assert.False(host.Services.Get<Microsoft.Extensions.Options.IOptions<Core.BackOffice.BackOfficeOptions>>().Value.TrustAppServiceAuthentication);
    }

    [Fact]
    public async Task SignIn_LinkFromTheEmail_OpensASessionOnceAndTheLinkCannotServeAgain()
    {
        using var agent = AgentClient.Anonymous(host);
        var link = await agent.RequestLinkAsync(host, Agent);

        var (shown, page) = await agent.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, shown);
        Assert.DoesNotContain("Se déconnecter", (await agent.GetAsync("/api/agent")).Html, StringComparison.Ordinal);
        await agent.GetAsync(link);
        using var signIn = await agent.PostAsync(link, []);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("HttpOnly", cookie, StringComparison.Ordinal);
        Assert.Contains("SameSite=Lax", cookie, StringComparison.Ordinal);
        Assert.Contains("Max-Age=28800", cookie, StringComparison.Ordinal);

        var (status, home) = await agent.GetAsync("/api/agent");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Se déconnecter", home, StringComparison.Ordinal);
        Assert.Contains(Agent, home, StringComparison.Ordinal);

        using var second = AgentClient.Anonymous(host);
        await second.GetAsync("/api/agent");
        var (usedStatus, used) = await second.GetAsync(link);
        Assert.Equal(HttpStatusCode.Conflict, usedStatus);
        Assert.Contains("Lien déjà utilisé", used, StringComparison.Ordinal);
        using var replay = await second.PostAsync(link, []);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("Lien déjà utilisé", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Se déconnecter", (await second.GetAsync("/api/agent")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestLink_UnknownAddress_AnswersTheSamePageAndSendsNothing()
    {
        using var agent = AgentClient.Anonymous(host);
        await agent.GetAsync("/api/agent");
        var stranger = $"inconnu.{Guid.NewGuid():N}@saint-exemple.example";

        using var forStranger = await agent.PostAsync("/api/agent/sign-in", [("email", stranger)]);
        await agent.GetAsync("/api/agent");
        using var forAgent = await agent.PostAsync("/api/agent/sign-in", [("email", Agent)]);

        Assert.Equal(forAgent.StatusCode, forStranger.StatusCode);
        Assert.Equal(Notice(await forAgent.Content.ReadAsStringAsync()), Notice(await forStranger.Content.ReadAsStringAsync()));
        await host.Mailbox.WaitForAsync(Agent, AgentClient.SignInSubject);
        Assert.Empty(await host.Mailbox.ToAsync(stranger, string.Empty));

        static string Notice(string html) => System.Text.RegularExpressions.Regex.Match(html, "<p class=\"ok\"[^>]*>([^<]+)</p>").Groups[1].Value;
    }

    [Fact]
    public async Task Forms_PostedWithoutTheAntiForgeryToken_AreRefused()
    {
        using var anonymous = AgentClient.Anonymous(host);
        await anonymous.GetAsync("/api/agent");
        using var signInRequest = await anonymous.PostAsync("/api/agent/sign-in", [("email", Agent)], withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, signInRequest.StatusCode);

        var receipt = await SubmitUnderReviewAsync();
        using var agent = await AgentClient.SignInAsync(host, Agent);
        await agent.GetAsync($"/api/agent/applications/{receipt.Reference}");
        using var decision = await agent.PostAsync($"/api/agent/applications/{receipt.Reference}/decision", [("action", "approve"), ("comment", "")], withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, decision.StatusCode);
        using var note = await agent.PostAsync($"/api/agent/applications/{receipt.Reference}/notes", [("note", "x"), ("noteId", "abcdefghijklmnop")], withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, note.StatusCode);
        Assert.Null(await host.Services.Get<ReviewDecisions>().FindAsync(receipt.Reference, 1, CancellationToken.None));
    }

    [Fact]
    public async Task ApplicationPage_AnotherCommunesAgent_Gets404AndCannotDecide()
    {
        var receipt = await SubmitUnderReviewAsync();
        using var other = await AgentClient.SignInAsync(host, OtherCommuneAgent);

        var (status, _) = await other.GetAsync($"/api/agent/applications/{receipt.Reference}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        var (listStatus, list) = await other.GetAsync("/api/agent?tab=all&q=" + receipt.Reference);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.DoesNotContain($"/applications/{receipt.Reference}", list, StringComparison.Ordinal);
        await other.GetAsync("/api/agent");
        using var decision = await other.PostAsync($"/api/agent/applications/{receipt.Reference}/decision", [("action", "approve"), ("comment", "")]);
        Assert.Equal(HttpStatusCode.NotFound, decision.StatusCode);
        using var attachment = await AttachmentAsync(other, receipt.Reference);
        Assert.Equal(HttpStatusCode.NotFound, attachment.StatusCode);
        Assert.Null(await host.Services.Get<ReviewDecisions>().FindAsync(receipt.Reference, 1, CancellationToken.None));
    }

    [Fact]
    public async Task Approve_FromTheBackOffice_CitizenGetsTheCertificateAndTheEmailLinkSaysAlreadyDecided()
    {
        using var api = host.Client();
        var receipt = await SubmitUnderReviewAsync();
        using var agent = await AgentClient.SignInAsync(host, Agent);

        var (listStatus, todo) = await agent.GetAsync("/api/agent?tab=todo&q=" + receipt.Reference.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains(receipt.Reference, todo, StringComparison.Ordinal);
        var (pageStatus, page) = await agent.GetAsync($"/api/agent/applications/{receipt.Reference}");
        Assert.Equal(HttpStatusCode.OK, pageStatus);
        Assert.Contains("Martin-Lœvenbrück", page, StringComparison.Ordinal);
        Assert.Contains("justificatif-domicile.pdf", page, StringComparison.Ordinal);
        using (var attachment = await AttachmentAsync(agent, receipt.Reference))
        {
            Assert.Equal(HttpStatusCode.OK, attachment.StatusCode);
            Assert.Equal(ApplicationClient.ProofPdf, await attachment.Content.ReadAsByteArrayAsync());
        }

        using var decision = await agent.PostAsync($"/api/agent/applications/{receipt.Reference}/decision", [("action", "approve"), ("comment", "Dossier complet.")]);
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        Assert.Contains("Décision enregistrée", await decision.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var approved = await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.History.Any(item => item.Action == "CitizenNotified"));
        Assert.Equal("Approved", approved.Status);
        Assert.NotNull(approved.Certificate);
        var emailLink = (await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference)).Link("Refuser la demande");
        using var browser = host.Client("text/html");
        using var late = await browser.PostAsync(emailLink, new FormUrlEncodedContent([new("comment", "Trop tard")]));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains($"déjà été acceptée par {Agent}", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await agent.GetAsync($"/api/agent/applications/{receipt.Reference}");
        using var again = await agent.PostAsync($"/api/agent/applications/{receipt.Reference}/decision", [("action", "reject"), ("comment", "Non")]);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Approved", (await ApplicationClient.StatusAsync(api, receipt)).Status);
    }

    [Fact]
    public async Task PrivateNote_IsShownToAgentsAndNeverOnTheCitizensPagesEmailsOrArchive()
    {
        using var api = host.Client();
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        using var agent = await AgentClient.SignInAsync(host, Agent);
        var secret = $"Note interne {Guid.NewGuid():N} – vérifier l'adresse";

        await agent.GetAsync($"/api/agent/applications/{receipt.Reference}");
        using (var note = await agent.PostAsync($"/api/agent/applications/{receipt.Reference}/notes", [("note", secret), ("noteId", Guid.NewGuid().ToString("N"))]))
        {
            Assert.Equal(HttpStatusCode.SeeOther, note.StatusCode);
        }

        Assert.Contains(secret.Replace("'", "&#x27;", StringComparison.Ordinal), (await agent.GetAsync($"/api/agent/applications/{receipt.Reference}")).Html, StringComparison.Ordinal);
        using (var decision = await agent.PostAsync($"/api/agent/applications/{receipt.Reference}/decision", [("action", "approve"), ("comment", "")]))
        {
            Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        }

        await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.History.Any(item => item.Action == "CitizenNotified"));
        var marker = secret[..24];
        using var citizenBrowser = host.Client("text/html");
        Assert.DoesNotContain(marker, await citizenBrowser.GetStringAsync(receipt.StatusUrl), StringComparison.Ordinal);
        Assert.DoesNotContain(marker, await api.GetStringAsync(receipt.StatusUrl), StringComparison.Ordinal);
        var mails = await host.Mailbox.ToAsync(parent, string.Empty);
        Assert.NotEmpty(mails);
        Assert.All(mails, mail => Assert.DoesNotContain(marker, mail.Text + mail.Html, StringComparison.Ordinal));
        var archivePath = new Uri(receipt.StatusUrl).PathAndQuery.Replace("?access=", "/archive?access=", StringComparison.Ordinal);
        using var archive = new ZipArchive(await api.GetStreamAsync(archivePath), ZipArchiveMode.Read);
        foreach (var entry in archive.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            Assert.DoesNotContain(marker, await reader.ReadToEndAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SignOut_EndsTheSessionEvenForACopiedCookie()
    {
        using var agent = await AgentClient.SignInAsync(host, Agent);
        var copied = agent.Cookies.GetCookieHeader(host.BaseAddress);
        await agent.GetAsync("/api/agent");

        using var signOut = await agent.PostAsync("/api/agent/sign-out", []);
        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);

        using var thief = new HttpClient { BaseAddress = host.BaseAddress };
        thief.DefaultRequestHeaders.Add("Cookie", copied);
        var page = await thief.GetStringAsync("/api/agent");
        Assert.DoesNotContain("Se déconnecter", page, StringComparison.Ordinal);
        Assert.Contains("Recevoir un lien de connexion", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assignment_ShowsInTheListFilteredOnMine()
    {
        var receipt = await SubmitUnderReviewAsync();
        using var agent = await AgentClient.SignInAsync(host, Agent);
        await agent.GetAsync($"/api/agent/applications/{receipt.Reference}");

        using var assign = await agent.PostAsync($"/api/agent/applications/{receipt.Reference}/assignment", [("assignee", Agent)]);
        Assert.Equal(HttpStatusCode.SeeOther, assign.StatusCode);

        var (_, mine) = await agent.GetAsync("/api/agent?tab=todo&mine=1&q=" + receipt.Reference);
        Assert.Contains(receipt.Reference, mine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ChosenColumns_ShowThoseColumnsAndTheExportLinksGiveTheSameHeaderInTheSameOrder()
    {
        var receipt = await SubmitUnderReviewAsync();
        await WaitForIndexAsync(receipt.Reference, "UnderReview");
        using var agent = await AgentClient.SignInAsync(host, Agent);

        var (status, list) = await agent.GetAsync($"/api/agent?tab=all&q={receipt.Reference}&cols=1&col=assignee&col=status&col=applicant");

        Assert.Equal(HttpStatusCode.OK, status);
        var headers = System.Text.RegularExpressions.Regex.Matches(list, "<th scope=\"col\">([^<]*)</th>").Select(match => match.Groups[1].Value).ToList();
        Assert.Equal(["Sélection", "Référence", "Demandeur", "Statut", "Assignée à"], headers);
        Assert.Contains("checked> Statut", list, StringComparison.Ordinal);
        Assert.DoesNotContain("checked> Démarche", list, StringComparison.Ordinal);
        var exports = System.Text.RegularExpressions.Regex.Matches(list, "href=\"(/api/agent/export\\?format=(csv|xlsx|ods)[^\"]*)\"").ToDictionary(match => match.Groups[2].Value, match => System.Net.WebUtility.HtmlDecode(match.Groups[1].Value));
        using var download = new HttpClient(new HttpClientHandler { CookieContainer = agent.Cookies, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var csv = System.Text.Encoding.UTF8.GetString((await download.GetByteArrayAsync(exports["csv"]))[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Référence;Demandeur;Statut;Assignée à", csv[0]);
        Assert.StartsWith(receipt.Reference + ";", csv[1], StringComparison.Ordinal);
        Assert.EndsWith(";En cours d'instruction;", csv[1], StringComparison.Ordinal);
        using var xlsx = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(await download.GetByteArrayAsync(exports["xlsx"])), false);
        var header = xlsx.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().First().Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(cell => cell.InnerText);
        Assert.Equal(["Référence", "Demandeur", "Statut", "Assignée à"], header);

        // ODS: an OpenDocument package (mimetype first, stored) whose content.xml holds the same rows as the CSV.
        var ods = await download.GetByteArrayAsync(exports["ods"]);
        Assert.Equal("mimetype", System.Text.Encoding.ASCII.GetString(ods, 30, 8));
        Assert.Equal("application/vnd.oasis.opendocument.spreadsheet", System.Text.Encoding.ASCII.GetString(ods, 38, 46));
        using var package = new System.IO.Compression.ZipArchive(new MemoryStream(ods), System.IO.Compression.ZipArchiveMode.Read);
        Assert.Equal("mimetype", package.Entries[0].FullName);
        Assert.Equal(package.Entries[0].Length, package.Entries[0].CompressedLength);
        Assert.NotNull(package.GetEntry("META-INF/manifest.xml"));
        using var contentXml = package.GetEntry("content.xml")!.Open();
        var content = System.Xml.Linq.XDocument.Load(contentXml);
        System.Xml.Linq.XNamespace table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
        var odsRows = content.Descendants(table + "table-row").Select(row => string.Join(';', row.Elements(table + "table-cell").Select(cell => cell.Value))).ToList();
        Assert.Equal(csv, odsRows);
    }

    [Fact]
    public async Task RebuildAsync_IndexLostOrStale_EqualsTheLiveIndexAgain()
    {
        var decided = await CertificateFlow.ApproveAsync(host);
        var waiting = await SubmitUnderReviewAsync();
        var index = host.Services.Get<ApplicationIndex>();
        await WaitForIndexAsync(decided.Receipt.Reference, "Approved");
        var live = Snapshot(await index.RowsOfAsync("saint-exemple", CancellationToken.None));
        var table = host.Storage.Table(StorageNames.BackOfficeIndexTable);
        foreach (var row in (await index.RowsOfAsync("saint-exemple", CancellationToken.None)).Where(row => row.GetString("Reference") == decided.Receipt.Reference || row.GetString("Reference") == waiting.Reference))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        // A stale row of today's shape, and one of the earlier shape (a partition per status) that the rebuild migrates away.
        await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(IndexEntry.ListPartition("saint-exemple"), $"20000101000000|{decided.Receipt.Reference}") { ["Reference"] = decided.Receipt.Reference, ["Status"] = "UnderReview" });
        await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("saint-exemple|UnderReview", $"20000101000000|{decided.Receipt.Reference}") { ["Reference"] = decided.Receipt.Reference, ["Status"] = "UnderReview" });

        await host.Services.Get<IndexRebuilder>().RebuildAsync(4, CancellationToken.None);

        var rebuilt = Snapshot(await index.RowsOfAsync("saint-exemple", CancellationToken.None));
        Assert.Equal(Pick(live, decided.Receipt.Reference, waiting.Reference), Pick(rebuilt, decided.Receipt.Reference, waiting.Reference));
        var decidedRows = Pick(rebuilt, decided.Receipt.Reference).Where(row => !row.StartsWith("saint-exemple|locator;", StringComparison.Ordinal)).ToList();
        Assert.Single(decidedRows);
        Assert.StartsWith("saint-exemple|list;", decidedRows[0], StringComparison.Ordinal);
        Assert.Contains(";Status=Approved", decidedRows[0], StringComparison.Ordinal);
    }

    private async Task WaitForIndexAsync(string reference, string status)
    {
        var index = host.Services.Get<ApplicationIndex>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await index.RowsOfAsync("saint-exemple", CancellationToken.None)).Any(row => row.GetString("Reference") == reference && row.GetString("Status") == status))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{reference} never reached {status} in the index.");
            await Task.Delay(200);
        }
    }

    private static List<string> Snapshot(IEnumerable<Azure.Data.Tables.TableEntity> rows) =>
        [.. rows.Select(row => string.Join(";", new[] { row.PartitionKey, row.RowKey }.Concat(row.Keys.Where(key => key is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey")).Order(StringComparer.Ordinal).Select(key => $"{key}={Format(row[key])}")))).Order(StringComparer.Ordinal)];

    private static string Format(object? value) => value is DateTimeOffset moment ? moment.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : value?.ToString() ?? string.Empty;

    private static List<string> Pick(List<string> rows, params string[] references) =>
        [.. rows.Where(row => references.Any(reference => row.Contains("Reference=" + reference + ";", StringComparison.Ordinal) || row.EndsWith("Reference=" + reference, StringComparison.Ordinal)))];

    [Fact]
    public async Task BulkApprove_ApplicationWithAPendingWithdrawal_IsSkippedAndNotApproved()
    {
        var receipt = await SubmitUnderReviewAsync();
        // The citizen's withdrawal is recorded and marked on the row as WithdrawalHandler does, its event not yet taken
        // by the workflow (as between the two steps).
        await host.Services.Get<PendingRequests>().RecordAsync(receipt.Reference, RequestKind.Withdrawal, 0, DateTimeOffset.UtcNow, CancellationToken.None);
        await host.Services.Get<ApplicationRepository>().MarkWithdrawalRequestedAsync(receipt.Reference, DateTimeOffset.UtcNow, CancellationToken.None);
        using var agent = await AgentClient.SignInAsync(host, Agent);
        await agent.GetAsync("/api/agent?tab=all");

        using var response = await agent.PostAsync("/api/agent/bulk", [("ref", receipt.Reference), ("action", "approve"), ("comment", string.Empty)]);
        var page = System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("0 décision(s) enregistrée(s)", page, StringComparison.Ordinal);
        Assert.Contains("1 demande(s) sans décision attendue", page, StringComparison.Ordinal);
        var record = await host.Services.Get<ApplicationRepository>().GetAsync(receipt.Reference, CancellationToken.None);
        Assert.Null(await host.Services.Get<ReviewDecisions>().FindAsync(receipt.Reference, record.ReviewRound, CancellationToken.None));
    }

    private async Task<Receipt> SubmitUnderReviewAsync()
    {
        using var api = host.Client();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        // The review e-mail is sent once the workflow opened the review: it now waits for a decision.
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        return receipt;
    }

    private async Task<HttpResponseMessage> AttachmentAsync(AgentClient agent, string reference)
    {
        var record = await host.Services.Get<ApplicationRepository>().GetAsync(reference, CancellationToken.None);
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = agent.Cookies, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        var response = await client.GetAsync($"/api/agent/applications/{reference}/attachments/{record.Attachments[0].Id}");
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
