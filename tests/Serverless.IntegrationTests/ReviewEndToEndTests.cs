using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Review;
using Serverless.Core.Tokens;
using UglyToad.PdfPig;

namespace Serverless.IntegrationTests;

/// <summary>
/// The agent's side from the e-mail, and what follows for the citizen: requests for changes, implicit acceptance,
/// withdrawal, delegation, and links that must not work.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class ReviewEndToEndTests(LocalHostFixture host)
{
    private const string Reviewer = LocalHostFixture.Reviewer;
    private static readonly byte[] NewProofPng = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(field => KeyValuePair.Create(field.Name, field.Value)));

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(word => word.Text))));
    }

    /// <summary>
    /// The request-for-changes step is one transaction (decision 0012): run again after it committed — an activity
    /// runs twice when its host dies before the engine records its result — it writes nothing twice.
    /// </summary>
    [Fact]
    public async Task RequestChangesStep_RunAgainAfterItCommitted_OneEmailOneAuditEntryOneOutboxRow()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        var review = await host.Mailbox.WaitForAsync(Reviewer, $"[À instruire] Inscription scolaire – {receipt.Reference}");
        using (var asked = await browser.PostAsync(review.Link("Demander des compléments"), Form(("comment", "Le justificatif est illisible."), ("fields", "proofOfAddress"))))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }

        var suspended = await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.ChangeRequest is not null && body.DeadlineSuspended);
        var changesMail = await host.Mailbox.WaitForAsync(parent, "Compléments demandés");

        var again = new Serverless.Core.Workflow.ChangeRequest(receipt.Reference, 1, "Le justificatif est illisible.", ["proofOfAddress"], suspended.ChangeRequest!.AnswerDueAt!.Value);
        await host.Services.Get<Serverless.Core.Corrections.RequestChangesActivity>().RunAsync(again);

        // The citizen answers; the second round's request reaches the reviewer through the same delivery queue after
        // the step's delivery message sent again.
        using var correction = new MultipartFormDataContent { { new ByteArrayContent(NewProofPng), "proofOfAddress", "nouveau-justificatif.png" } };
        using (var corrected = await browser.PostAsync(changesMail.Link("Compléter ma demande"), correction))
        {
            Assert.Equal(HttpStatusCode.SeeOther, corrected.StatusCode);
        }

        await host.Mailbox.WaitForCountAsync(Reviewer, $"[À instruire] Inscription scolaire – {receipt.Reference}", 2);
        Assert.Single(await host.Mailbox.ToAsync(parent, "Compléments demandés"));
        var audit = await host.Services.Get<AuditTrail>().ReadAsync(receipt.Reference, CancellationToken.None);
        Assert.Single(audit, entry => entry.Action == AuditAction.ChangesRequested);
        var rows = await host.Services.Get<Serverless.Core.Outbox.EmailOutbox>().ListAsync(receipt.Reference, CancellationToken.None);
        var changesRow = Assert.Single(rows, row => row.Step == Serverless.Core.Outbox.OutboxSteps.ChangesRequested(1));
        Assert.True(changesRow.Sent);
    }

    [Fact]
    public async Task RequestChanges_CitizenCorrectsAFieldAndReplacesTheAttachment_ThenApprovedWithNewValues()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        var firstRequest = await host.Mailbox.WaitForAsync(Reviewer, $"[À instruire] Inscription scolaire – {receipt.Reference}");
        var oldAttachment = firstRequest.Link("Pièce jointe : justificatif-domicile.pdf");
        var changesLink = firstRequest.Link("Demander des compléments");

        using (var withoutMessage = await browser.PostAsync(changesLink, Form()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withoutMessage.StatusCode);
        }

        using (var asked = await browser.PostAsync(changesLink, Form(("comment", "Le justificatif est illisible et le prénom mal orthographié."), ("fields", "childFirstName"), ("fields", "proofOfAddress"))))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }

        var suspended = await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.ChangeRequest is not null && body.DeadlineSuspended);
        Assert.Equal("ChangesRequested", suspended.Status);
        Assert.Null(suspended.DecisionDueAt);
        Assert.Equal(["childFirstName", "proofOfAddress"], suspended.ChangeRequest!.Fields);
        var request = await host.Mailbox.WaitForAsync(parent, "Compléments demandés");
        Assert.Contains("Le justificatif est illisible", request.Text, StringComparison.Ordinal);
        var correctionUrl = request.Link("Compléter ma demande");
        Assert.Equal(suspended.ChangeRequest.CorrectionUrl, correctionUrl);
        var page = await browser.GetStringAsync(correctionUrl);
        Assert.Contains("name=\"childFirstName\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"parentName\"", page, StringComparison.Ordinal);

        using var correction = new MultipartFormDataContent
        {
            { new StringContent("Léna"), "childFirstName" },
            { new ByteArrayContent(NewProofPng), "proofOfAddress", "nouveau-justificatif.png" },
        };
        using (var corrected = await browser.PostAsync(correctionUrl, correction))
        {
            Assert.Equal(HttpStatusCode.SeeOther, corrected.StatusCode);
        }

        var secondRound = (await host.Mailbox.WaitForCountAsync(Reviewer, $"[À instruire] Inscription scolaire – {receipt.Reference}", 2))[1];
        Assert.Contains("Léna", secondRound.Text, StringComparison.Ordinal);
        Assert.Equal(NewProofPng, await api.GetByteArrayAsync(secondRound.Link("Pièce jointe : nouveau-justificatif.png")));
        // The first round's link serves no attachment any more (neither the replaced file nor its successor).
        using (var replaced = await browser.GetAsync(oldAttachment))
        {
            Assert.Equal(HttpStatusCode.Conflict, replaced.StatusCode);
        }

        using (var oldRoundLink = await browser.PostAsync(firstRequest.Link("Accepter la demande"), Form()))
        {
            Assert.Equal(HttpStatusCode.Conflict, oldRoundLink.StatusCode);
        }

        using (var approved = await browser.PostAsync(secondRound.Link("Accepter la demande"), Form()))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        // Once the round is decided, its link serves the attachments no more.
        using (var afterDecision = await browser.GetAsync(secondRound.Link("Pièce jointe : nouveau-justificatif.png")))
        {
            Assert.Equal(HttpStatusCode.Conflict, afterDecision.StatusCode);
        }

        var done = await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.History.Any(item => item.Action == "CitizenNotified"));
        var text = PdfText(await api.GetByteArrayAsync(done.Certificate!.DownloadUrl));
        Assert.Contains("Léna Martin-Lœvenbrück", text, StringComparison.Ordinal);
        var actions = done.History.Select(item => item.Action).Where(action => action is not ("ReminderSent" or "Escalated")).ToList();
        Assert.Single(actions, action => action == "AcknowledgementSent");
        Assert.Equal(
            ["Submitted", "Validated", "ReviewRequested", "ChangesRequested", "CorrectionSubmitted", "ReviewRequested", "Approved", "CertificateIssued", "CitizenNotified"],
            actions.Where(action => action != "AcknowledgementSent"));
    }

    [Fact]
    public async Task Deadline_PassesWithoutDecisionWhereSilenceMeansAcceptance_IssuesImplicitAcceptanceCertificate()
    {
        using var api = host.Client();
        var contact = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(
            api,
            JsonContent.Create(new { businessName = "Café de la Place", contactEmail = contact, tables = "6" }),
            "/api/procedures/terrace-permit/applications");
        var pending = await ApplicationClient.StatusAsync(api, receipt);
        Assert.NotNull(pending.DecisionDueAt);

        var decided = await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.History.Any(item => item.Action == "CitizenNotified"));

        Assert.Equal("Approved", decided.Status);
        Assert.Contains(decided.History, item => item.Action == "ImplicitDecision" && item.Actor == "system");
        var mail = await host.Mailbox.WaitForAsync(contact, "Demande acceptée");
        Assert.Contains("acceptée implicitement", mail.Text, StringComparison.Ordinal);
        var text = PdfText(await api.GetByteArrayAsync(decided.Certificate!.DownloadUrl));
        Assert.Contains("Attestation de décision implicite d'acceptation", text, StringComparison.Ordinal);
        Assert.Contains("réputée acceptée", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewLinks_Attacked_AreRefusedWithAPageAndChangeNothing()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        var approve = (await host.Mailbox.WaitForAsync(Reviewer, receipt.Reference)).Link("Accepter la demande");
        var token = Uri.UnescapeDataString(approve[(approve.LastIndexOf('/') + 1)..]);
        var other = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        var tokens = host.Services.Get<ReviewTokens>();
        var grant = tokens.Check(token).Grant!;

        string Tampered(Func<string, string> edit)
        {
            var parts = token.Split('.');
            var payload = Encoding.UTF8.GetString(Base64Url.TryDecode(parts[0])!);
            return $"{Base64Url.Encode(Encoding.UTF8.GetBytes(edit(payload)))}.{parts[1]}";
        }

        var retiredKey = new ReviewTokens(Options.Create(new ReviewTokenOptions { ActiveKeyId = "retired", Keys = { ["retired"] = Convert.ToBase64String(new byte[32]) } }), TimeProvider.System);
        var attacks = new (string Name, string Token, HttpStatusCode Expected, string Says)[]
        {
            ("forged signature", token[..^4] + (token.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"), HttpStatusCode.Forbidden, "Lien non valide"),
            ("other application", Tampered(payload => payload.Replace(receipt.Reference, other.Reference, StringComparison.Ordinal)), HttpStatusCode.Forbidden, "Lien non valide"),
            ("tampered action", Tampered(payload => payload.Replace("|Approve|", "|Reject|", StringComparison.Ordinal)), HttpStatusCode.Forbidden, "Lien non valide"),
            ("expired", tokens.Issue(grant with { ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) }), HttpStatusCode.Gone, "Lien expiré"),
            ("unknown key", retiredKey.Issue(grant), HttpStatusCode.Forbidden, "Lien non valide"),
        };

        foreach (var attack in attacks)
        {
            using var response = await browser.PostAsync($"/api/review/{Uri.EscapeDataString(attack.Token)}", Form(("comment", "attaque")));
            Assert.True(attack.Expected == response.StatusCode, $"{attack.Name}: {(int)response.StatusCode}");
            Assert.Contains(attack.Says, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var decisions = host.Services.Get<ReviewDecisions>();
        Assert.Null(await decisions.FindAsync(receipt.Reference, 1, CancellationToken.None));
        Assert.Null(await decisions.FindAsync(other.Reference, 1, CancellationToken.None));
        var status = await ApplicationClient.StatusAsync(api, receipt);
        Assert.Equal("UnderReview", status.Status);
        Assert.DoesNotContain(status.History, item => item.Action is "Approved" or "Rejected");

        using var genuine = await browser.PostAsync(approve, Form());
        using var replayed = await browser.PostAsync(approve, Form());
        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replayed.StatusCode);
    }

    [Fact]
    public async Task Withdrawal_FromTheStatusPage_EndsTheApplicationAndReviewersAreTold()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        var approve = (await host.Mailbox.WaitForAsync(Reviewer, receipt.Reference)).Link("Accepter la demande");
        var status = await ApplicationClient.StatusAsync(api, receipt);

        using (var withdrawn = await browser.PostAsync(new Uri(host.BaseAddress, status.WithdrawUrl!), Form()))
        {
            Assert.Equal(HttpStatusCode.SeeOther, withdrawn.StatusCode);
        }

        using var page = await browser.GetAsync(approve);
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("Le demandeur a retiré cette demande", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await host.Mailbox.WaitForAsync(parent, "Demande retirée");
        var final = await ApplicationClient.StatusAsync(api, receipt);
        Assert.Equal("Withdrawn", final.Status);
        Assert.Null(final.WithdrawUrl);
        using var again = await api.PostAsync(status.WithdrawUrl, Form());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        // The handler marked the row after recording the request: what the pages read instead of the pending requests.
        Assert.NotNull((await host.Services.Get<ApplicationRepository>().GetAsync(receipt.Reference, CancellationToken.None)).WithdrawalRequestedAt);
    }

    [Fact]
    public async Task ReviewLink_WithdrawalRecordedNotYetApplied_RefusesTheDecisionFromTheRowsMark()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        var approve = (await host.Mailbox.WaitForAsync(Reviewer, receipt.Reference)).Link("Accepter la demande");
        // As WithdrawalHandler leaves it before its event reaches the workflow: the request recorded, then the row marked.
        await host.Services.Get<Serverless.Core.Workflow.PendingRequests>().RecordAsync(receipt.Reference, Serverless.Core.Workflow.RequestKind.Withdrawal, 0, DateTimeOffset.UtcNow, CancellationToken.None);
        await host.Services.Get<ApplicationRepository>().MarkWithdrawalRequestedAsync(receipt.Reference, DateTimeOffset.UtcNow, CancellationToken.None);

        using var page = await browser.GetAsync(approve);
        using var decided = await browser.PostAsync(approve, Form(("comment", string.Empty)));
        var status = await ApplicationClient.StatusAsync(api, receipt);

        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("Le demandeur a retiré cette demande", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, decided.StatusCode);
        var record = await host.Services.Get<ApplicationRepository>().GetAsync(receipt.Reference, CancellationToken.None);
        Assert.Null(await host.Services.Get<ReviewDecisions>().FindAsync(receipt.Reference, record.ReviewRound, CancellationToken.None));
        Assert.Null(status.WithdrawUrl);
    }

    [Fact]
    public async Task Delegation_ToAColleague_GivesThemLinksThatDecide()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        const string colleague = "agent.scolaire@saint-exemple.example"; // an agent of the service in charge (role "education")
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        var approve = (await host.Mailbox.WaitForAsync(Reviewer, receipt.Reference)).Link("Accepter la demande");

        using (var outsider = await browser.PostAsync(approve, Form(("delegateTo", "ami@gmail.example"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, outsider.StatusCode);
        }

        // The commune's mail domain proves nothing (a commune may use a public provider): only listed agents.
        using (var sameDomain = await browser.PostAsync(approve, Form(("delegateTo", "inconnu@saint-exemple.example"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, sameDomain.StatusCode);
        }

        // Another service's agent of the same commune has no need to know this application.
        using (var otherService = await browser.PostAsync(approve, Form(("delegateTo", "enfance@saint-exemple.example"))))
        {
            Assert.Equal(HttpStatusCode.BadRequest, otherService.StatusCode);
        }

        using (var handed = await browser.PostAsync(approve, Form(("delegateTo", colleague))))
        {
            Assert.Equal(HttpStatusCode.OK, handed.StatusCode);
        }

        var mail = await host.Mailbox.WaitForAsync(colleague, $"[Transmise] Inscription scolaire – {receipt.Reference}");
        Assert.Contains(Reviewer, mail.Text, StringComparison.Ordinal);
        using (var decided = await browser.PostAsync(mail.Link("Refuser la demande"), Form(("comment", "Dossier incomplet"))))
        {
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        }

        await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.Status == "Rejected");
        var audit = await host.Services.Get<AuditTrail>().ReadAsync(receipt.Reference, CancellationToken.None);
        Assert.Contains(audit, entry => entry.Action == AuditAction.Delegated && entry.Actor == $"agent:{Reviewer}" && entry.Detail == colleague);
        Assert.Contains(audit, entry => entry.Action == AuditAction.Rejected && entry.Actor == $"agent:{colleague}");
    }
}
