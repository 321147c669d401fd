using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Serverless.IntegrationTests;

/// <summary>
/// Revocation through the local host, as the agent and the holder meet it: the link in the agent's e-mail, the
/// confirmation page, the public verification that then says "revoked", and the holder's e-mail.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class CertificateRevocationEndToEndTests(LocalHostFixture host)
{
    private const string Reason = "Inscription annulée à la demande de la famille (déménagement)";

    private static FormUrlEncodedContent ReasonForm(string reason) => new(new Dictionary<string, string> { ["reason"] = reason });

    [Fact]
    public async Task Revoke_ThroughTheAgentLink_VerificationSaysRevokedAndTheHolderIsTold()
    {
        var issued = await CertificateFlow.ApproveAsync(host, language: "en");
        var number = issued.Certificate.Number;
        var agentMail = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, $"[Attestation délivrée] Inscription scolaire – {issued.Receipt.Reference} – {number}");
        var revokeLink = agentMail.Link("Révoquer l'attestation");
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var valid = await api.GetStringAsync(issued.Certificate.VerifyUrl);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "citizen-eservices-verify-valid.json"), valid);
        Assert.Equal("valid", JsonDocument.Parse(valid).RootElement.GetProperty("status").GetString());

        // Opening the link (or a mail scanner doing so) revokes nothing.
        using (var page = await browser.GetAsync(revokeLink))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("Motif de la révocation", html, StringComparison.Ordinal);
            Assert.Contains("method=\"post\"", html, StringComparison.Ordinal);
        }

        Assert.Contains("\"status\":\"valid\"", await api.GetStringAsync(issued.Certificate.VerifyUrl), StringComparison.Ordinal);
        using (var withoutReason = await browser.PostAsync(revokeLink, ReasonForm("  ")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
            Assert.Contains("Indiquez le motif de la révocation", await withoutReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var revoked = await browser.PostAsync(revokeLink, ReasonForm(Reason)))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
            Assert.Contains($"L'attestation {number} est révoquée", WebUtility.HtmlDecode(await revoked.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        var json = await api.GetStringAsync(issued.Certificate.VerifyUrl);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "citizen-eservices-verify-revoked.json"), json);
        var verification = JsonDocument.Parse(json).RootElement;
        Assert.Equal("revoked", verification.GetProperty("status").GetString());
        Assert.Equal(Reason, verification.GetProperty("revocationReason").GetString());
        Assert.True(verification.GetProperty("revokedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        var verificationPage = await browser.GetStringAsync(issued.Certificate.VerifyUrl);
        Assert.Contains("Attestation révoquée", verificationPage, StringComparison.Ordinal);
        Assert.Contains("puis révoquée le", verificationPage, StringComparison.Ordinal);
        Assert.Contains(Reason, verificationPage, StringComparison.Ordinal);

        // The holder applied in English: the notice is in English.
        var notice = await host.Mailbox.WaitForAsync(issued.Parent, $"Certificate revoked – {number}");
        Assert.Contains("It is no longer valid.", notice.Text, StringComparison.Ordinal);
        Assert.Contains("Reason: " + Reason, notice.Text, StringComparison.Ordinal);

        // The original file is still genuine, and verification by file says it is revoked.
        var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(issued.Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        upload.Add(file, "file", "attestation.pdf");
        using var byFile = await api.PostAsync("/api/verify", upload);
        var fileVerdict = JsonDocument.Parse(await byFile.Content.ReadAsStringAsync()).RootElement;
        Assert.True(fileVerdict.GetProperty("genuine").GetBoolean());
        Assert.Equal("revoked", fileVerdict.GetProperty("certificate").GetProperty("status").GetString());

        var status = await ApplicationClient.StatusAsync(api, issued.Receipt);
        Assert.Contains(status.History, item => item.Action == "CertificateRevoked" && item.Actor == "agent");
    }

    [Fact]
    public async Task Revoke_LinkUsedTwice_SecondUseSaysAlreadyRevoked()
    {
        var issued = await CertificateFlow.ApproveAsync(host);
        var number = issued.Certificate.Number;
        var revokeLink = (await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, $"– {number}")).Link("Révoquer l'attestation");
        using var browser = host.Client("text/html");
        using (var first = await browser.PostAsync(revokeLink, ReasonForm("Erreur de saisie")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var replay = await browser.PostAsync(revokeLink, ReasonForm("Autre motif"));
        using var reopened = await browser.GetAsync(revokeLink);

        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        var html = await replay.Content.ReadAsStringAsync();
        Assert.Contains("Déjà révoquée", html, StringComparison.Ordinal);
        Assert.Contains($"déjà été révoquée le", html, StringComparison.Ordinal);
        Assert.Contains("Motif : Erreur de saisie", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, reopened.StatusCode);
        using var api = host.Client();
        Assert.Contains("Erreur de saisie", await api.GetStringAsync(issued.Certificate.VerifyUrl), StringComparison.Ordinal);
        await host.Mailbox.WaitForAsync(issued.Parent, $"Attestation révoquée – {number}");
        Assert.Single(await host.Mailbox.ToAsync(issued.Parent, "Attestation révoquée"));
    }

    [Fact]
    public async Task Revoke_ForgedLinkOrReviewLink_IsRefusedWithAPage()
    {
        using var browser = host.Client("text/html");
        using var api = host.Client();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        var approveToken = (await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference)).Link("Accepter la demande").Split("/review/")[1];

        using var forged = await browser.PostAsync("/api/revoke/cnYxfGUyZXxBVC0yMDI2LUFBQUFBQUFBQUF8RUNPLTIwMjYtQUFBQUFBfGFAYi5jfFJldm9rZXw5OTk5OTk5OTk5.AAAA", ReasonForm("x"));
        using var reviewLinkAsRevoke = await browser.GetAsync("/api/revoke/" + approveToken);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("Lien non valide", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, reviewLinkAsRevoke.StatusCode);
        Assert.Equal("UnderReview", (await ApplicationClient.StatusAsync(api, receipt)).Status);
    }
}
