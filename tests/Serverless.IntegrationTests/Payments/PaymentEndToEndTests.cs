using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Serverless.Core.Applications;
using Serverless.Core.Payments;
using Serverless.Core.Tests;

namespace Serverless.IntegrationTests.Payments;

/// <summary>
/// Paying a procedure's price end to end, against the local host and the local PayFiP (tools/payfip-local): the
/// canteen's prepayment by family-quotient bracket before review, refused then paid; PayFiP's notification lost,
/// replayed, or two tabs paying twice; an unpaid application abandoned at its deadline; the library's adult membership
/// paid after approval (a free membership is not asked to pay); and every address tried as the wrong person.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed partial class PaymentEndToEndTests(LocalHostFixture host) : IDisposable
{
    private const string Canteen = "/api/procedures/canteen-after-school/applications";
    private readonly PayFipSimulator payFip = new();

    public void Dispose() => payFip.Dispose();

    [Fact]
    public async Task Canteen_RefusedThenPaid_ReceiptSentThenHandedToAgents()
    {
        var (receipt, parent) = await FileCanteenAsync(quotient: "620");
        using var browser = host.Client("text/html");
        var pay = (await host.Mailbox.WaitForAsync(parent, "Paiement à effectuer")).Link("Payer en ligne");
        var page = await browser.GetStringAsync(pay);
        Assert.Contains("55,00 €", page, StringComparison.Ordinal); // quotient 620: the 501–900 bracket
        Assert.Contains("délibération du conseil municipal", page, StringComparison.Ordinal);

        var refused = await StartAsync(browser, pay);
        await payFip.SettleAsync(refused, "refused");
        var back = await browser.GetStringAsync(ReturnOf(pay));
        Assert.Contains("refusé par votre banque", back, StringComparison.Ordinal);
        Assert.Equal(nameof(ApplicationStatus.AwaitingPayment), (await ApplicationClient.StatusAsync(host.Client(), receipt)).Status);

        var paid = await StartAsync(browser, pay);
        var settled = await payFip.SettleAsync(paid, "paid");
        var underReview = await ApplicationClient.WaitForStatusAsync(host.Client(), receipt, status => status.Status == nameof(ApplicationStatus.UnderReview));
        Assert.Contains(underReview.History, item => item.Action == nameof(AuditAction.PaymentReceived));

        var mail = await host.Mailbox.WaitForAsync(parent, "Paiement reçu");
        var pdf = await host.Mailbox.AttachmentAsync(mail, Assert.Single(mail.Attachments!));
        var text = Poppler.Pdftotext(pdf);
        var numauto = settled.GetProperty("numauto").GetString()!;
        Assert.Contains(receipt.Reference.Replace("-", string.Empty, StringComparison.Ordinal), text, StringComparison.Ordinal);
        Assert.Contains(numauto, text, StringComparison.Ordinal);
        Assert.Contains(paid, text, StringComparison.Ordinal);
        Assert.Contains("Carte bancaire", text, StringComparison.Ordinal);
        Artefact("receipt.pdftotext.txt", text);
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
    }

    [Fact]
    public async Task NotificationLost_PaymentFoundByReadingBackFromPayFip()
    {
        var (receipt, parent) = await FileCanteenAsync(quotient: string.Empty);
        using var browser = host.Client("text/html");
        var pay = (await host.Mailbox.WaitForAsync(parent, "Paiement à effectuer")).Link("Payer en ligne");
        Assert.Contains("110,00 €", await browser.GetStringAsync(pay), StringComparison.Ordinal); // no quotient: the full price

        await payFip.SetNotificationFaultAsync("drop");
        var idOp = await StartAsync(browser, pay);
        await payFip.SettleAsync(idOp, "paid");

        // No notification, no return to the site: the workflow's look after the attempt started finds it.
        await ApplicationClient.WaitForStatusAsync(host.Client(), receipt, status => status.Status == nameof(ApplicationStatus.UnderReview));
    }

    [Fact]
    public async Task NotificationReplayedAndForged_RecordsThePaymentOnce()
    {
        var (receipt, parent) = await FileCanteenAsync(quotient: "300");
        using var browser = host.Client("text/html");
        var pay = (await host.Mailbox.WaitForAsync(parent, "Paiement à effectuer")).Link("Payer en ligne");
        var idOp = await StartAsync(browser, pay);
        await payFip.SetNotificationFaultAsync("duplicate");
        await payFip.SettleAsync(idOp, "paid");
        await ApplicationClient.WaitForStatusAsync(host.Client(), receipt, status => status.Status == nameof(ApplicationStatus.UnderReview));

        using var anyone = host.Client();
        for (var replay = 0; replay < 3; replay++)
        {
            using var again = await anyone.PostAsync("/api/payments/notifications", new FormUrlEncodedContent([KeyValuePair.Create("idOp", idOp)]));
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        using (var unknown = await anyone.PostAsync("/api/payments/notifications", new FormUrlEncodedContent([KeyValuePair.Create("idOp", Guid.NewGuid().ToString("N"))])))
        {
            Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        }

        using (var garbage = await anyone.PostAsync("/api/payments/notifications", new StringContent("{\"paid\":true}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
            Assert.Equal("application/problem+json", garbage.Content.Headers.ContentType?.MediaType);
        }

        var state = await host.Services.Get<PaymentLedger>().ReadAsync(receipt.Reference, CancellationToken.None);
        Assert.Equal(idOp, state.PaidIdOp);
        Assert.DoesNotContain(state.Attempts, attempt => attempt.Refund);
        var status = await ApplicationClient.StatusAsync(host.Client(), receipt);
        Assert.Single(status.History, item => item.Action == nameof(AuditAction.PaymentReceived));
        await host.Mailbox.WaitForAsync(parent, "Paiement reçu");
        Assert.Single(await host.Mailbox.ToAsync(parent, "Paiement reçu"));
    }

    [Fact]
    public async Task TwoTabsBothPaid_OneSettlesTheOtherIsFlaggedForRefund()
    {
        var (receipt, parent) = await FileCanteenAsync(quotient: "1000");
        using var browser = host.Client("text/html");
        var pay = (await host.Mailbox.WaitForAsync(parent, "Paiement à effectuer")).Link("Payer en ligne");
        var first = await StartAsync(browser, pay);
        var second = await StartAsync(browser, pay);
        await Task.WhenAll(payFip.SettleAsync(first, "paid"), payFip.SettleAsync(second, "paid"));

        var ledger = host.Services.Get<PaymentLedger>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        PaymentState state;
        while (!((state = await ledger.ReadAsync(receipt.Reference, CancellationToken.None)) is { Paid: true } && state.Open.Count == 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "both payments were not recorded");
            await Task.Delay(200);
        }

        Assert.Contains(state.PaidIdOp, new[] { first, second });
        var refund = Assert.Single(state.Attempts, attempt => attempt.Refund);
        Assert.NotEqual(state.PaidIdOp, refund.IdOp);
        await ApplicationClient.WaitForStatusAsync(host.Client(), receipt, status => status.Status == nameof(ApplicationStatus.UnderReview));
    }

    [Fact]
    public async Task Unpaid_PastItsDeadline_AbandonedAndTheCitizenIsTold()
    {
        var trader = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(host.Client(), JsonContent.Create(new Dictionary<string, string> { ["traderName"] = "Primeurs Lemoine", ["contactEmail"] = trader, ["stall"] = "grand" }), "/api/procedures/market-stall-permit/applications");

        var abandoned = await ApplicationClient.WaitForStatusAsync(host.Client(), receipt, status => status.Status == nameof(ApplicationStatus.Abandoned));
        Assert.Contains(abandoned.History, item => item.Action == nameof(AuditAction.PaymentRequested));
        var mail = await host.Mailbox.WaitForAsync(trader, "classée faute de paiement");
        Assert.Contains("24,00 €", mail.Text, StringComparison.Ordinal);

        // Past the deadline the page starts nothing.
        using var browser = host.Client("text/html");
        var pay = (await host.Mailbox.WaitForAsync(trader, "Paiement à effectuer")).Link("Payer en ligne");
        using var late = await browser.PostAsync(pay, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task PaymentAddresses_AsTheWrongPerson_AnswerAsAnUnknownApplication()
    {
        var (receipt, parent) = await FileCanteenAsync(quotient: "620");
        var (other, _) = await FileCanteenAsync(quotient: "620");
        var pay = (await host.Mailbox.WaitForAsync(parent, "Paiement à effectuer")).Link("Payer en ligne");
        using var browser = host.Client("text/html");

        string[] wrong =
        [
            pay.Replace(receipt.Reference, other.Reference, StringComparison.Ordinal), // another application's address with this code
            pay.Replace("access=", "access=x", StringComparison.Ordinal), // a forged code
            pay.Replace("canteen-after-school", "library-membership", StringComparison.Ordinal), // another procedure's address
            pay.Replace("/payment?", "/payment/receipt?", StringComparison.Ordinal).Replace(receipt.Reference, other.Reference, StringComparison.Ordinal),
        ];
        foreach (var address in wrong)
        {
            using var shown = await browser.GetAsync(address);
            Assert.True(shown.StatusCode == HttpStatusCode.NotFound, $"{address}: {(int)shown.StatusCode}");
            using var started = await browser.PostAsync(address, new FormUrlEncodedContent([]));
            Assert.True(started.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"POST {address}: {(int)started.StatusCode}");
        }

        Assert.Empty((await host.Services.Get<PaymentLedger>().ReadAsync(other.Reference, CancellationToken.None)).Attempts);
    }

    [Fact]
    public async Task Library_AdultPaysAfterApprovalAndGetsTheCertificateOnlyThen_YouthIsNeverAsked()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var adult = ApplicationClient.NewCitizenEmail();
        var youth = ApplicationClient.NewCitizenEmail();
        var adultReceipt = await ApplicationClient.SubmitAsync(api, JsonContent.Create(Library(adult, "adulte")), "/api/procedures/library-membership/applications");
        var youthReceipt = await ApplicationClient.SubmitAsync(api, JsonContent.Create(Library(youth, "jeune")), "/api/procedures/library-membership/applications");

        await CertificateFlow.OpenAndApproveByLinkAsync(host, browser, adultReceipt.Reference);
        await CertificateFlow.OpenAndApproveByLinkAsync(host, browser, youthReceipt.Reference);
        await ApplicationClient.WaitForStatusAsync(api, youthReceipt, status => status.Status == nameof(ApplicationStatus.Approved) && status.Certificate is not null);
        Assert.Empty(await host.Mailbox.ToAsync(youth, "Paiement à effectuer"));

        var awaiting = await ApplicationClient.WaitForStatusAsync(api, adultReceipt, status => status.Status == nameof(ApplicationStatus.AwaitingPayment));
        Assert.Null(awaiting.Certificate);
        var pay = (await host.Mailbox.WaitForAsync(adult, "Paiement à effectuer")).Link("Payer en ligne");
        Assert.Contains("15,00 €", await browser.GetStringAsync(pay), StringComparison.Ordinal);
        await payFip.SettleAsync(await StartAsync(browser, pay), "paid");

        var approved = await ApplicationClient.WaitForStatusAsync(api, adultReceipt, status => status.Status == nameof(ApplicationStatus.Approved) && status.Certificate is not null);
        var history = approved.History.Select(item => item.Action).ToList();
        Assert.True(history.IndexOf(nameof(AuditAction.PaymentReceived)) < history.IndexOf(nameof(AuditAction.CertificateIssued)), string.Join(", ", history));
    }

    /// <summary>A canteen registration as a parent files it (multipart: a typed quotient comes with its CAF certificate), left awaiting payment.</summary>
    private async Task<(Receipt Receipt, string Parent)> FileCanteenAsync(string quotient)
    {
        var parent = ApplicationClient.NewCitizenEmail();
        var year = DateTime.UtcNow.Month >= 9 ? DateTime.UtcNow.Year : DateTime.UtcNow.Year - 1;
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in new (string, string)[]
        {
            ("childFirstName", "Inès"), ("childLastName", "Moreau"), ("childBirthDate", $"{year - 7}-03-14"), ("schoolYear", $"{year}-{year + 1}"),
            ("school", "ecole-jules-ferry"), ("services", "cantine"), ("services", "garderie-soir"), ("days", "lundi"), ("days", "mardi"),
            ("days", "jeudi"), ("days", "vendredi"), ("dietaryRequirements", "no"), ("familyQuotient", quotient), ("parentName", "Karim Moreau"),
            ("parentEmail", parent), ("parentPhone", "06 12 34 56 78"),
        })
        {
            content.Add(new StringContent(value), name);
        }

        if (quotient.Length > 0)
        {
            var proof = new ByteArrayContent("%PDF-1.4\n% attestation de quotient familial CAF\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray());
            proof.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
            content.Add(proof, "familyQuotientProof", "attestation-caf.pdf");
        }

        var receipt = await ApplicationClient.SubmitAsync(host.Client(), content, Canteen);
        await ApplicationClient.WaitForStatusAsync(host.Client(), receipt, status => status.Status == nameof(ApplicationStatus.AwaitingPayment));
        return (receipt, parent);
    }

    private static Dictionary<string, string> Library(string email, string membership) => new()
    {
        ["memberFirstName"] = "Chloé",
        ["memberLastName"] = "Garnier",
        ["birthDate"] = "1990-04-02",
        ["email"] = email,
        ["addressLine"] = "8 rue des Écoles",
        ["postalCode"] = "30000",
        ["city"] = "Saint-Exemple",
        ["membershipType"] = membership,
    };

    /// <summary>The citizen presses "Payer": the app creates the payment at PayFiP and sends the browser to its page; the idOp.</summary>
    private static async Task<string> StartAsync(HttpClient browser, string pay)
    {
        using var started = await browser.PostAsync(pay, new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        var location = started.Headers.Location!;
        Assert.StartsWith(PayFipSimulator.PaymentPageUrl.AbsoluteUri, location.AbsoluteUri, StringComparison.Ordinal);
        return IdOp().Match(location.Query).Groups["id"].Value;
    }

    private static string ReturnOf(string pay) => pay.Replace("/payment?", "/payment/return?", StringComparison.Ordinal);

    private static void Artefact(string name, string text)
    {
        var folder = Path.Combine(Accessibility.RepositoryRoot, "artifacts", "payments");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name), text);
    }

    [GeneratedRegex("idop=(?<id>[^&]+)")]
    private static partial Regex IdOp();
}
