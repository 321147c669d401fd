using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Playwright;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Circuits;

namespace Serverless.IntegrationTests.Circuits;

/// <summary>
/// A decision through its visa-and-signature circuit as the people do it, in Debian's headless Chromium with the
/// e-mails from maildev: an emergency aid is approved; the agent amends the draft made from the template and submits
/// it; the CCAS head sends it back; the agent amends it again; both visas are given; the mayor signs from a phone with
/// the code received by e-mail. The citizen gets the signed decision, which poppler's <c>pdfsig</c> finds signed three
/// times, every signature valid, and invalid once a byte is changed. Links used by the wrong person are refused.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class SignatureCircuitBrowserTests(LocalHostFixture host) : IAsyncLifetime
{
    private HeadlessChromium chromium = null!;

    public async Task InitializeAsync() => chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync() => await chromium.DisposeAsync();

    public static string Artifact(string name)
    {
        var folder = Path.Combine(Accessibility.RepositoryRoot, "artifacts", "signatures");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    [Fact]
    public async Task Circuit_DraftAmendSendBackVisasAndSignatureFromAPhone_CitizenGetsADecisionPdfsigFindsValid()
    {
        using var api = host.Client();
        using var agent = host.Client("text/html");
        var citizen = ApplicationClient.NewCitizenEmail();
        var receipt = await CircuitClient.SubmitEmergencyAidAsync(api, citizen);
        var review = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, $"[À instruire] Demande d'aide sociale facultative (CCAS) – {receipt.Reference}");
        using (var approved = await agent.PostAsync(review.Link("Accepter la demande"), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, Locale = "fr-FR" });
        var page = await context.NewPageAsync();

        // Step 0: the drafter reads version 1 (from the template), amends it (version 2) and submits it.
        var draft = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, $"[À rédiger] Demande d'aide sociale facultative (CCAS) – {receipt.Reference}");
        await page.GotoAsync(draft.Link("Relire et soumettre le projet"));
        Assert.Contains("Article 1 : un secours exceptionnel est attribué à Ysoline Durand.", await page.Locator(".document").First.InnerTextAsync(), StringComparison.Ordinal);
        await AxeAudit.CheckAsync(page, "decision: drafting", AxeAudit.Desktop);

        // The wrong person at the drafting step: an agent of another service (the library), with a validly signed link.
        var otherService = host.Services.Get<CircuitTokens>().Issue(new CircuitGrant(receipt.Reference, 1, 0, "mediatheque@saint-exemple.example", DateTimeOffset.UtcNow.AddDays(1)));
        using (var refused = await agent.GetAsync("/api/" + Routes.DecisionPath(otherService)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var status = await ApplicationClient.StatusAsync(api, receipt);
        Assert.Equal("AwaitingSignature", status.Status);
        Assert.Equal("Étape 1 sur 4 : Rédaction de la décision", status.DecisionStep);
        await AmendAsync(page, "submit", "un secours exceptionnel est attribué", "un secours exceptionnel de 300 euros est attribué", "Montant précisé.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Soumettre au circuit de visa et de signature" }).ClickAsync();
        Assert.Equal("C'est enregistré", await page.Locator("h1").TextContentAsync());

        // Step 1: the head of the CCAS sends it back.
        var firstVisa = await host.Mailbox.WaitForAsync("responsable.ccas@saint-exemple.example", $"[À viser] Demande d'aide sociale facultative (CCAS) – {receipt.Reference}");
        await page.GotoAsync(firstVisa.Link("Lire et viser le projet"));
        Assert.Contains("de 300 euros", await page.Locator(".document").First.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("summary", new() { HasText = "Ce qui a changé" }).ClickAsync();
        Assert.Contains("300 euros", await page.Locator("ins").First.InnerTextAsync(), StringComparison.Ordinal);
        await AxeAudit.CheckAsync(page, "decision: visa", AxeAudit.Narrow);
        await page.Locator("#sendback-comment").FillAsync("Le montant doit suivre la délibération : 350 euros.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Renvoyer au rédacteur" }).ClickAsync();
        Assert.Equal("C'est enregistré", await page.Locator("h1").TextContentAsync());
        using (var reused = await agent.PostAsync(firstVisa.Link("Lire et viser le projet"), new FormUrlEncodedContent([KeyValuePair.Create("action", "approve")])))
        {
            Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        }

        // Pass 2: the drafter amends again (version 3), both visas are given.
        var redraft = (await host.Mailbox.WaitForCountAsync(LocalHostFixture.Reviewer, $"[À rédiger] Demande d'aide sociale facultative (CCAS) – {receipt.Reference}", 2))[1];
        await page.GotoAsync(redraft.Link("Relire et soumettre le projet"));
        Assert.Contains("350 euros", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await AmendAsync(page, "submit", "300 euros", "350 euros", "Montant de la délibération du 12 novembre.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Soumettre au circuit de visa et de signature" }).ClickAsync();
        var secondPass = (await host.Mailbox.WaitForCountAsync("responsable.ccas@saint-exemple.example", $"[À viser] Demande d'aide sociale facultative (CCAS) – {receipt.Reference}", 2))[1];
        await page.GotoAsync(secondPass.Link("Lire et viser le projet"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Viser ce projet (version 3)" }).ClickAsync();
        var dgs = await host.Mailbox.WaitForAsync("dgs@saint-exemple.example", $"[À viser] Demande d'aide sociale facultative (CCAS) – {receipt.Reference}");
        await page.GotoAsync(dgs.Link("Lire et viser le projet"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Viser ce projet (version 3)" }).ClickAsync();

        // Step 3: the mayor and the deputy holding a delegation are both asked; a deputy whose delegation is not in
        // force today is refused, and so is a forged link.
        var mayorMail = await host.Mailbox.WaitForAsync("maire@saint-exemple.example", $"[À signer] Demande d'aide sociale facultative (CCAS) – {receipt.Reference}");
        var deputyMail = await host.Mailbox.WaitForAsync("adjointe.solidarites@saint-exemple.example", $"[À signer] Demande d'aide sociale facultative (CCAS) – {receipt.Reference}");
        var outOfDates = host.Services.Get<CircuitTokens>().Issue(new CircuitGrant(receipt.Reference, 2, 3, "adjoint-education", DateTimeOffset.UtcNow.AddDays(1)));
        using (var refused = await agent.GetAsync("/api/" + Routes.DecisionPath(outOfDates)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("n'est pas en vigueur aujourd'hui : elle vaut du 1 janvier 2031 au 31 décembre 2031", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        using (var forged = await agent.GetAsync(mayorMail.Link("Lire et signer la décision").Replace("/decision/", "/decision/x", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        await page.SetViewportSizeAsync(AxeAudit.Narrow, 720);
        await page.GotoAsync(mayorMail.Link("Lire et signer la décision"));
        Assert.Contains("Le maire", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await AxeAudit.CheckAsync(page, "decision: signature", AxeAudit.Narrow);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("signing-page-320.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir le code de signature par courriel" }).ClickAsync();
        var codeMail = await host.Mailbox.WaitForAsync("maire@saint-exemple.example", $"Code de signature – {receipt.Reference}");
        var code = System.Text.RegularExpressions.Regex.Match(codeMail.Text, @"\b(\d{6})\b").Groups[1].Value;
        await page.Locator("#code").FillAsync(code == "000000" ? "999999" : "000000");
        await page.Locator("input[name=confirm]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Signer la décision" }).ClickAsync();
        Assert.Contains("Ce code n'est pas le bon", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await page.SetViewportSizeAsync(AxeAudit.Desktop, 900);
        await AxeAudit.CheckAsync(page, "decision: signature code", AxeAudit.Desktop);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Artifact("signing-page-1280.png"), FullPage = true });
        await page.Locator("#code").FillAsync(code);
        await page.Locator("input[name=confirm]").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Signer la décision" }).ClickAsync();
        Assert.Equal("C'est enregistré", await page.Locator("h1").TextContentAsync());

        // The deputy's link, after the mayor signed: the step is done.
        using (var late = await agent.GetAsync(deputyMail.Link("Lire et signer la décision")))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
            Assert.Contains("décision signée par Claire Martin", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        // The citizen: approved, with the certificate and the signed decision, on the page and in the e-mail.
        var final = await ApplicationClient.WaitForStatusAsync(api, receipt, body => body.Status == "Approved");
        Assert.Null(final.DecisionStep);
        var mail = await host.Mailbox.WaitForAsync(citizen, "Demande acceptée");
        // The certificate and the signed decision (maildev names attachments itself).
        Assert.Equal(2, (mail.Attachments ?? []).Count(attachment => attachment.ContentType == "application/pdf"));
        var signed = await api.GetByteArrayAsync(final.SignedDecisionUrl);
        await File.WriteAllBytesAsync(Artifact("decision-signed.pdf"), signed);
        var pdfsig = Pdfsig(signed);
        await File.WriteAllTextAsync(Artifact("decision-signed.pdfsig.txt"), pdfsig);
        Assert.Equal(3, CountOf(pdfsig, "Signature is Valid."));
        Assert.Contains("Nadia Haddad", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Hélène Petit", pdfsig, StringComparison.Ordinal);
        Assert.Contains("Claire Martin", pdfsig, StringComparison.Ordinal);
        Assert.Contains("350 euros", PdfText(signed), StringComparison.Ordinal);

        // One byte changed inside the binary comment of the header: the structure stays readable, every signed range changes.
        var tampered = (byte[])signed.Clone();
        Assert.Equal((byte)'%', tampered[9]);
        tampered[11] ^= 0x01;
        var broken = Pdfsig(tampered);
        await File.WriteAllTextAsync(Artifact("decision-tampered.pdfsig.txt"), broken);
        Assert.Equal(0, CountOf(broken, "Signature is Valid."));

        // The product's verification page lists every signer, their capacity and time, valid; the altered file's are not.
        var verified = await VerifyAsync(agent, signed);
        Assert.Contains("toutes ses signatures électroniques sont valides", verified, StringComparison.Ordinal);
        Assert.Contains("Nadia Haddad</strong> – Visa : Responsable du CCAS – visa", verified, StringComparison.Ordinal);
        Assert.Contains("Claire Martin</strong> – Le maire – signature", verified, StringComparison.Ordinal);
        Assert.Equal(3, CountOf(verified, "<strong>valide</strong>"));
        Assert.Contains("NON VALIDE", await VerifyAsync(agent, tampered), StringComparison.Ordinal);

        // The decision's history: three versions (the template's, two amendments), every action, in the audit trail.
        var drafts = host.Services.Get<DecisionDrafts>();
        var history = await drafts.HistoryAsync(receipt.Reference, CancellationToken.None);
        var (versions, actions) = (history.Versions, history.Actions);
        Assert.Equal([1, 2, 3], versions.Select(version => version.Number));
        Assert.Equal(
            [CircuitAction.Submit, CircuitAction.SendBack, CircuitAction.Submit, CircuitAction.Approve, CircuitAction.Approve, CircuitAction.Sign],
            actions.Select(action => action.Action));
        Assert.Contains("vérifié", actions[^1].SecondFactor, StringComparison.Ordinal);
        var audit = await host.Services.Get<AuditTrail>().ReadAsync(receipt.Reference, CancellationToken.None);
        Assert.Equal(2, audit.Count(entry => entry.Action == AuditAction.DecisionAmended));
        Assert.Single(audit, entry => entry.Action == AuditAction.DecisionSigned);
        await File.WriteAllLinesAsync(Artifact("decision-history.txt"), versions.Select(version => $"version {version.Number} – {version.At:O} – {version.Author} – {version.Reason ?? "(modèle de la démarche)"}")
            .Concat(actions.Select(action => $"pass {action.Pass} step {action.Step} – {action.At:O} – {action.ActorName} – {action.Action} – {action.Comment}")));
        Assert.DoesNotContain(final.History, item => item.Label.Contains("délibération", StringComparison.Ordinal));
    }

    private static async Task AmendAsync(IPage page, string form, string find, string replace, string reason)
    {
        var body = page.Locator($"#{form}-body");
        var text = await body.InputValueAsync();
        Assert.Contains(find, text, StringComparison.Ordinal);
        await body.FillAsync(text.Replace(find, replace, StringComparison.Ordinal));
        await page.Locator($"#{form}-reason").FillAsync(reason);
    }

    private static async Task<string> VerifyAsync(HttpClient browser, byte[] pdf)
    {
        using var content = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "decision.pdf" } };
        using var response = await browser.PostAsync("/api/verify", content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, string.Empty, StringComparison.Ordinal).Length) / what.Length;

    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPages().Select(page => string.Join(" ", page.GetWords().Select(word => word.Text))));
    }

    /// <summary>poppler's pdfsig on the document (it exits non-zero when a signature is invalid: its output says which).</summary>
    public static string Pdfsig(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"circuit-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdfsig", $"\"{path}\"") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
