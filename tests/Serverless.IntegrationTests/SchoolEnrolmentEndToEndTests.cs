using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Core.Site;
using UglyToad.PdfPig;

namespace Serverless.IntegrationTests;

/// <summary>
/// The school-enrolment slice through the local host on Azurite with the real SMTP sink: what a parent and an agent
/// do, and what they receive.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class SchoolEnrolmentEndToEndTests(LocalHostFixture host)
{
    private const string Reviewer = LocalHostFixture.Reviewer;

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(page => page.Text));
    }

    [Fact]
    public async Task Submit_MultipartApprovedFromEmail_ParentReceivesVerifiableCertificate()
    {
        using var api = host.Client();
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        Assert.Matches("^ECO-[0-9]{4}-[2-9A-Z]{6}$", receipt.Reference);

        var acknowledgement = await host.Mailbox.WaitForAsync(parent, "Accusé de réception");
        Assert.Contains(receipt.Reference, acknowledgement.Text, StringComparison.Ordinal);
        var reviewMail = await host.Mailbox.WaitForAsync(Reviewer, receipt.Reference);
        Assert.Contains("Martin-Lœvenbrück", reviewMail.Text, StringComparison.Ordinal);
        Assert.Equal(ApplicationClient.ProofPdf, await api.GetByteArrayAsync(reviewMail.Link("Pièce jointe : justificatif-domicile.pdf")));
        var approveLink = reviewMail.Link("Accepter la demande");

        // A mail scanner (or the agent) opening the link decides nothing.
        using var browser = host.Client("text/html");
        using (var page = await browser.GetAsync(approveLink))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Accepter la demande", html, StringComparison.Ordinal);
            Assert.Contains("method=\"post\"", html, StringComparison.Ordinal);
        }

        Assert.Equal("UnderReview", (await ApplicationClient.StatusAsync(api, receipt)).Status);

        using (var decision = await browser.PostAsync(approveLink, new FormUrlEncodedContent(new Dictionary<string, string> { ["comment"] = "Bienvenue à l'école !" })))
        {
            Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
            Assert.Contains("Décision enregistrée", await decision.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var approved = await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.History.Any(item => item.Action == "CitizenNotified"));
        Assert.Equal("Approved", approved.Status);
        var certificate = Assert.IsType<CertificateInfo>(approved.Certificate);

        var decisionMail = await host.Mailbox.WaitForAsync(parent, "Demande acceptée");
        Assert.Contains("Bienvenue à l'école !", decisionMail.Text, StringComparison.Ordinal);
        var downloadLink = decisionMail.Link("Télécharger l'attestation");
        var pdf = await api.GetByteArrayAsync(downloadLink);
        var attached = await host.Mailbox.AttachmentAsync(decisionMail, Assert.Single(decisionMail.Attachments ?? []));
        Assert.Equal(pdf, attached);

        var text = PdfText(pdf);
        Assert.Contains("Léa", text, StringComparison.Ordinal);
        Assert.Contains("Martin-Lœvenbrück", text, StringComparison.Ordinal);
        Assert.Contains(receipt.Reference, text, StringComparison.Ordinal);
        Assert.Contains(certificate.Number, text, StringComparison.Ordinal);
        Assert.DoesNotContain(parent, text, StringComparison.Ordinal);

        var registered = await host.Services.Get<CertificateRegistry>().FindAsync(certificate.Number, CancellationToken.None);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), registered!.Sha256);
        Assert.Equal(registered.Sha256, certificate.Sha256);

        // The acknowledgement is recorded when the relay accepted it: the dispatcher sends it beside the workflow's steps.
        var actions = approved.History.Select(item => item.Action).Where(action => action != "ReminderSent").ToList();
        Assert.Single(actions, action => action == "AcknowledgementSent");
        Assert.Equal(
            ["Submitted", "Validated", "ReviewRequested", "Approved", "CertificateIssued", "CitizenNotified"],
            actions.Where(action => action != "AcknowledgementSent"));
        Assert.Equal("agent", approved.History.Single(item => item.Action == "Approved").Actor);
        Assert.Equal("citizen", approved.History.Single(item => item.Action == "Submitted").Actor);
        var audit = await host.Services.Get<AuditTrail>().ReadAsync(receipt.Reference, CancellationToken.None);
        Assert.Equal($"agent:{Reviewer}", audit.Single(entry => entry.Action == AuditAction.Approved).Actor);

        using var verify = await api.GetAsync(certificate.VerifyUrl);
        using var verification = JsonDocument.Parse(await verify.Content.ReadAsStringAsync());
        Assert.Equal("valid", verification.RootElement.GetProperty("status").GetString());
        Assert.Equal("L•• M" + new string('•', "artin-Lœvenbrück".Length), verification.RootElement.GetProperty("holder").GetString());
    }

    [Fact]
    public async Task Review_ApprovalLinkUsedTwice_SecondUseIsRefusedAsAlreadyDecided()
    {
        using var api = host.Client();
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        var approveLink = (await host.Mailbox.WaitForAsync(Reviewer, receipt.Reference)).Link("Accepter la demande");
        using var browser = host.Client("text/html");
        using (var first = await browser.PostAsync(approveLink, new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var replay = await browser.PostAsync(approveLink, new FormUrlEncodedContent([]));
        using var reopened = await browser.GetAsync(approveLink);

        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Contains("déjà été acceptée par " + Reviewer, await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Déjà décidée", await reopened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var status = await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.History.Any(item => item.Action == "CitizenNotified"));
        Assert.Single(status.History, item => item.Action == "Approved");
        Assert.Single(await host.Mailbox.ToAsync(parent, "Demande acceptée"));
    }

    [Fact]
    public async Task Review_AgentRejectsWithReason_ParentIsToldWhyAndGetsNoCertificate()
    {
        using var api = host.Client();
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        var rejectLink = (await host.Mailbox.WaitForAsync(Reviewer, receipt.Reference)).Link("Refuser la demande");
        using var browser = host.Client("text/html");

        using (var withoutReason = await browser.PostAsync(rejectLink, new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
            Assert.Contains("Indiquez le motif du refus", await withoutReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var rejected = await browser.PostAsync(rejectLink, new FormUrlEncodedContent(new Dictionary<string, string> { ["comment"] = "Adresse hors du secteur <b>scolaire</b>" })))
        {
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }

        var status = await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.History.Any(item => item.Action == "CitizenNotified"));
        Assert.Equal("Rejected", status.Status);
        Assert.Null(status.Certificate);
        Assert.Equal("Adresse hors du secteur <b>scolaire</b>", status.DecisionReason);
        var mail = await host.Mailbox.WaitForAsync(parent, "Demande refusée");
        Assert.Contains("Motif : Adresse hors du secteur <b>scolaire</b>", mail.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;scolaire&lt;/b&gt;", mail.Html, StringComparison.Ordinal);
        Assert.Empty(mail.Attachments ?? []);
    }

    [Fact]
    public async Task Submit_SameIdempotencyKeyTwice_CreatesOneApplication()
    {
        using var api = host.Client();
        var parent = ApplicationClient.NewCitizenEmail();
        var key = Guid.NewGuid().ToString();

        async Task<Receipt> SubmitOnce()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, ApplicationClient.SubmitPath) { Content = ApplicationClient.Multipart(ApplicationClient.Fields(parent)) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await api.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return JsonSerializer.Deserialize<Receipt>(await response.Content.ReadAsStringAsync(), ApplicationClient.Json)!;
        }

        var first = await SubmitOnce();
        var retry = await SubmitOnce();

        Assert.Equal(first, retry);
        // One application stored for this parent (both answers came after the row was written), and one receipt.
        var stored = new List<string>();
        await foreach (var row in host.Storage.Table(StorageNames.ApplicationsTable).QueryAsync<Azure.Data.Tables.TableEntity>(entity => entity.RowKey == ApplicationRecord.RowKeyValue && entity.GetString(nameof(ApplicationRecord.CitizenEmail)) == parent))
        {
            stored.Add(row.PartitionKey);
        }

        Assert.Equal([first.Reference], stored);
        await host.Mailbox.WaitForAsync(parent, "Accusé de réception");
        Assert.Single(await host.Mailbox.ToAsync(parent, "Accusé de réception"));
        using var other = new HttpRequestMessage(HttpMethod.Post, ApplicationClient.SubmitPath) { Content = ApplicationClient.Multipart(ApplicationClient.Fields(parent, childFirstName: "Paul")) };
        other.Headers.Add("Idempotency-Key", key);
        using var conflict = await api.SendAsync(other);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, conflict.StatusCode);
    }

    [Fact]
    public async Task Submit_InvalidJson_ReturnsFieldErrorsAndStoresNothing()
    {
        using var api = host.Client();
        api.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var attachmentsBefore = await NamesAsync(StorageNames.AttachmentsContainer);
        var fields = ApplicationClient.Fields("not-an-email");
        fields["childBirthDate"] = "2010-01-01";
        fields["nickname"] = "x";
        var body = new Dictionary<string, object>(fields.Select(pair => KeyValuePair.Create(pair.Key, (object)pair.Value)))
        {
            ["proofOfAddress"] = new { fileName = "proof.pdf", contentBase64 = Convert.ToBase64String(ApplicationClient.ProofPdf) },
        };

        using var response = await api.PostAsync(ApplicationClient.SubmitPath, System.Net.Http.Json.JsonContent.Create(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("valid e-mail", errors.GetProperty("parentEmail")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("\"nickname\": unknown field for this procedure.", errors.GetProperty("nickname")[0].GetString());
        Assert.Contains("adresse électronique", problem.RootElement.GetProperty("errorsByLanguage").GetProperty("fr").GetProperty("parentEmail")[0].GetString(), StringComparison.Ordinal);
        // No new blob (other tests on the same Azurite may erase theirs meanwhile, so a count could only go down).
        Assert.Empty((await NamesAsync(StorageNames.AttachmentsContainer)).Except(attachmentsBefore));
    }

    [Fact]
    public async Task Submit_ValidJsonWithBase64Attachment_IsAccepted()
    {
        using var api = host.Client();
        var parent = ApplicationClient.NewCitizenEmail();
        var body = new Dictionary<string, object>(ApplicationClient.Fields(parent).Select(pair => KeyValuePair.Create(pair.Key, (object)pair.Value)))
        {
            ["proofOfAddress"] = new { fileName = "proof.pdf", contentBase64 = Convert.ToBase64String(ApplicationClient.ProofPdf) },
        };

        var receipt = await ApplicationClient.SubmitAsync(api, System.Net.Http.Json.JsonContent.Create(body));

        Assert.Equal("Received", receipt.Status);
        await host.Mailbox.WaitForAsync(parent, "Accusé de réception");
    }

    [Fact]
    public async Task Submit_BrowserFormPost_RedirectsToTheReceiptPage()
    {
        using var browser = host.Client("text/html");
        var parent = ApplicationClient.NewCitizenEmail();
        using var form = new FormUrlEncodedContent(ApplicationClient.Fields(parent));

        // url-encoded cannot carry the attachment: the browser gets the error page, in French.
        using var refused = await browser.PostAsync(ApplicationClient.SubmitPath, form);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Justificatif de domicile", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var response = await browser.PostAsync(ApplicationClient.SubmitPath, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        using var page = await browser.GetAsync(location);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Votre demande a bien été reçue", html, StringComparison.Ordinal);
        Assert.Matches("ECO-[0-9]{4}-[2-9A-Z]{6}", html);
    }

    [Fact]
    public async Task Status_WithoutOrWithWrongAccessCode_IsNotFound()
    {
        using var api = host.Client();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));

        using var withoutCode = await api.GetAsync($"/api/procedures/school-enrolment/applications/{receipt.Reference}");
        using var wrongCode = await api.GetAsync($"/api/procedures/school-enrolment/applications/{receipt.Reference}?access=AAAAAAAAAAAAAAAAAAAAAAAA");
        using var certificate = await api.GetAsync($"/api/procedures/school-enrolment/applications/{receipt.Reference}/certificate");
        using var unknown = await api.GetAsync("/api/procedures/school-enrolment/applications/ECO-2026-ZZZZZZ?access=" + receipt.AccessCode);

        Assert.All([withoutCode, wrongCode, certificate, unknown], response => Assert.Equal(HttpStatusCode.NotFound, response.StatusCode));
        // An existing reference and an unknown one look the same: references cannot be enumerated.
        Assert.Equal(
            (await withoutCode.Content.ReadAsStringAsync()).Replace(receipt.Reference, "X", StringComparison.Ordinal),
            (await unknown.Content.ReadAsStringAsync()).Replace("ECO-2026-ZZZZZZ", "X", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Review_NoDecisionWithinDelay_AgentGetsAReminder()
    {
        using var api = host.Client();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));

        var reminder = await host.Mailbox.WaitForAsync(Reviewer, $"[Relance 1] Inscription scolaire – {receipt.Reference}");

        Assert.Contains("Relance n° 1", reminder.Text, StringComparison.Ordinal);
        var status = await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.History.Any(item => item.Action == "ReminderSent"));
        Assert.Equal("UnderReview", status.Status);
    }

    [Fact]
    public async Task Review_ForgedOrTruncatedLink_IsRefusedWithAPage()
    {
        using var browser = host.Client("text/html");

        using var forged = await browser.GetAsync("/api/review/djF8ZTJlfEVDTy0yMDI2LUFBQUFBQXwxfGFAYi5jfEFwcHJvdmV8OTk5OTk5OTk5OQ.AAAA");
        using var garbage = await browser.PostAsync("/api/review/garbage", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, garbage.StatusCode);
        Assert.Contains("Lien non valide", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_PreflightFromAllowedOrigin_IsAllowed()
    {
        using var api = host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Options, ApplicationClient.SubmitPath);
        request.Headers.Add("Origin", "https://www.saint-exemple.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,idempotency-key");

        using var response = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://www.saint-exemple.example", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    private async Task<HashSet<string>> NamesAsync(string container)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in host.Storage.Container(container).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

}
