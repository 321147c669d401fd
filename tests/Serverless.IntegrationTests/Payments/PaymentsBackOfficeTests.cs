using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Payments;
using Serverless.Core.Payments.PayFip;
using Serverless.Core.Tests;
using Serverless.Core.Usage;
using Serverless.IntegrationTests.Privacy;

namespace Serverless.IntegrationTests.Payments;

/// <summary>
/// A régie's payments in the back office and the accountant's reconciliation: traders pay their stall fee through the
/// local PayFiP (once, twice in two tabs, refused, abandoned; notifications dropped or duplicated), and the app's
/// export of the day is compared line by line with PayFiP's own daily report (<see cref="Reconciliation"/>).
/// </summary>
[Collection(PaymentHostGroup.Name)]
public sealed class PaymentsBackOfficeTests(PaymentHostFixture host)
{
    [Fact]
    public async Task ExportOfTheDay_PaidOnceTwiceRefusedAndAbandoned_MatchesPayFipsDailyReportWithTheSecondPaymentFlaggedForRefund()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        using var simulator = host.Simulator();
        var traders = new[] { "carte", "prelevement", "deux-onglets", "refus-puis-carte", "refus", "abandon" };
        var receipts = await Task.WhenAll(traders.Select(trader => StallFees.SubmitAsync(api, "Étal " + trader, trader == "deux-onglets" ? "grand" : "petit")));
        var byTrader = traders.Zip(receipts).ToDictionary(pair => pair.First, pair => pair.Second, StringComparer.Ordinal);
        await Task.WhenAll(receipts.Select(receipt => StallFees.AwaitingPaymentAsync(api, receipt)));
        var paid = new List<string>();

        // Paid by card, the notification arriving twice.
        var card = await StallFees.StartAsync(browser, byTrader["carte"]);
        await simulator.SetNotificationFaultAsync("duplicate");
        await simulator.SettleAsync(card, "paid");
        paid.Add(card);

        // Paid by direct debit, the notification lost: the trader's return to the app reads the result back.
        var debit = await StallFees.StartAsync(browser, byTrader["prelevement"]);
        await simulator.SetNotificationFaultAsync("drop");
        var debitOutcome = await simulator.SettleAsync(debit, "paid", "direct-debit");
        Assert.Contains("Paiement reçu", await StallFees.ReturnAsync(browser, debitOutcome.GetProperty("urlredirect").GetString()!), StringComparison.Ordinal);
        paid.Add(debit);
        // Its receipt says how it was paid.
        await ApplicationClient.WaitForStatusAsync(api, byTrader["prelevement"], status => status.History.Any(item => item.Action == "PaymentReceived"));
        var debitReceipt = Poppler.Pdftotext(await browser.GetByteArrayAsync(StallFees.PaymentPath(byTrader["prelevement"]).Replace("/payment?", "/payment/receipt?", StringComparison.Ordinal)));
        Assert.Contains("Prélèvement unique", debitReceipt, StringComparison.Ordinal);
        Artifacts.Write("payments/receipt-direct-debit.pdftotext.txt", debitReceipt);

        // Two tabs open, both paid: PayFiP takes both; the second is to refund.
        var firstTab = await StallFees.StartAsync(browser, byTrader["deux-onglets"]);
        var secondTab = await StallFees.StartAsync(browser, byTrader["deux-onglets"]);
        await simulator.SettleAsync(firstTab, "paid");
        await simulator.SettleAsync(secondTab, "paid");
        paid.AddRange([firstTab, secondTab]);

        // Refused by the bank, then paid on a second try.
        await simulator.SettleAsync(await StallFees.StartAsync(browser, byTrader["refus-puis-carte"]), "refused");
        var retry = await StallFees.StartAsync(browser, byTrader["refus-puis-carte"]);
        await simulator.SettleAsync(retry, "paid");
        paid.Add(retry);

        // Refused only; abandoned only: nothing cashed, the application closed at the deadline.
        await simulator.SettleAsync(await StallFees.StartAsync(browser, byTrader["refus"]), "refused");
        await simulator.SettleAsync(await StallFees.StartAsync(browser, byTrader["abandon"]), "abandoned");

        foreach (var trader in new[] { "carte", "prelevement", "deux-onglets", "refus-puis-carte" })
        {
            var reviewed = await ApplicationClient.WaitForStatusAsync(api, byTrader[trader], status => status.Status == "UnderReview");
            Assert.Single(reviewed.History, item => item.Action == "PaymentReceived");
        }

        foreach (var trader in new[] { "refus", "abandon" })
        {
            await ApplicationClient.WaitForStatusAsync(api, byTrader[trader], status => status.Status == "Abandoned");
        }

        // The day(s) PayFiP cashed them (Paris time): one, unless the test ran across midnight.
        var ledger = await simulator.LedgerAsync();
        var days = ledger.Where(payment => paid.Contains(payment.GetProperty("idOp").GetString()!))
            .Select(payment => DateOnly.ParseExact(payment.GetProperty("outcome").GetProperty("day").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Distinct().Order().ToList();
        using var regisseur = await AgentClient.SignInAsync(host, PaymentHostFixture.Regisseur);
        var exported = new List<PaymentLine>();
        var reported = new List<PaymentLine>();
        var files = new StringBuilder();
        foreach (var day in days)
        {
            var path = $"/api/agent/payments.csv?regie={PaymentHostFixture.RegieId}&day={day:yyyy-MM-dd}";
            // The second tab's payment is recorded from its notification, after the application went on to review.
            var csv = await StallFees.WaitForAsync(async () => (await regisseur.GetAsync(path)).Html, text => Reconciliation.ReadExport(text).Count(line => paid.Contains(line.IdOp)) == paid.Count(idOp => days.Count == 1 || Day(ledger, idOp) == day));
            var report = await simulator.DailyReportAsync(day, PaymentHostFixture.ClientNumber);
            var (lines, count, total) = Reconciliation.ReadReport(report);
            exported.AddRange(Reconciliation.ReadExport(csv));
            reported.AddRange(lines);
            Assert.Equal(lines.Count, count);
            Assert.Equal(total, Sum(Reconciliation.ReadExport(csv)));
            files.AppendLine(CultureInfo.InvariantCulture, $"--- PayFiP's daily report, {day:yyyy-MM-dd}, régie {PaymentHostFixture.ClientNumber} (GET /admin/report)").Append(report)
                .AppendLine(CultureInfo.InvariantCulture, $"--- The app's export, {path}").Append(csv.TrimStart('\uFEFF'));
        }

        var (differences, comparison) = Reconciliation.Compare(exported, reported);
        Artifacts.Write("payments/reconciliation.txt", new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Reconciliation of régie {PaymentHostFixture.RegieId} ({PaymentHostFixture.ClientNumber}) of {host.CommuneId}, {string.Join(", ", days.Select(day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))}: {exported.Count} lines exported, {reported.Count} in PayFiP's report, {exported.Count(line => line.Refund)} to refund; {differences.Count} differences.")
            .AppendLine("This test's applications: " + string.Join(", ", traders.Select(trader => $"{trader} {byTrader[trader].Reference}")) + " (the day also holds the payments of the host's other tests). Lines of one minute follow the time PayFiP recorded to the second in its report, their idOp in the export.")
            .AppendLine()
            .Append(comparison)
            .AppendLine(differences.Count == 0 ? "No difference: every idOp PayFiP cashed is in the export with the same date, refdet, amount, year, régie, authorisation number, result, mode and label, and nothing else is." : "Differences:\n" + string.Join('\n', differences))
            .AppendLine()
            .Append(files)
            .ToString());

        Assert.Empty(differences);
        // This test's applications (the day also holds the other tests' payments of this host): each paid idOp once.
        var ours = exported.Where(line => receipts.Any(receipt => receipt.Reference == line["REFERENCE"])).ToList();
        Assert.Equal(paid.Order(StringComparer.Ordinal), ours.Select(line => line.IdOp).Order(StringComparer.Ordinal));
        var twoTabs = ours.Where(line => line["REFERENCE"] == byTrader["deux-onglets"].Reference).ToList();
        Assert.Equal(2, twoTabs.Count);
        Assert.Single(twoTabs, line => line.Refund);
        Assert.All(ours.Where(line => line["REFERENCE"] != byTrader["deux-onglets"].Reference), line => Assert.False(line.Refund));
        Assert.Equal(["P", "V"], ours.Select(line => line["RESULTRANS"]).Distinct().Order(StringComparer.Ordinal));

        // The page of the day says the same, with its totals and the payment to refund.
        var (status, page) = await regisseur.GetAsync($"/api/agent/payments?regie={PaymentHostFixture.RegieId}&day={days[^1]:yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.OK, status);
        foreach (var line in exported.Where(line => Day(ledger, line.IdOp) == days[^1]))
        {
            Assert.Contains(line["REFERENCE"], page, StringComparison.Ordinal);
            Assert.Contains(line["NUMAUTO"], page, StringComparison.Ordinal);
        }

        Assert.Contains("<strong>à rembourser</strong>", page, StringComparison.Ordinal);
        Assert.Matches("dont à rembourser \\(dette déjà payée, ou demande close\\) : [1-9]", page);
        Assert.Contains("Reste à la régie", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_PaidInATabLeftOpenAfterTheTraderWithdrew_ListsThePaymentToRefund()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        using var simulator = host.Simulator();
        var receipt = await StallFees.SubmitAsync(api, "Étal retiré");
        var awaiting = await StallFees.AwaitingPaymentAsync(api, receipt);
        var idOp = await StallFees.StartAsync(browser, receipt);
        using (var withdrawn = await browser.PostAsync(new Uri(host.BaseAddress, awaiting.WithdrawUrl!), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.SeeOther, withdrawn.StatusCode);
        }

        await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == "Withdrawn");

        // PayFiP's page, still open in another tab, takes the payment all the same.
        var paid = await simulator.SettleAsync(idOp, "paid");
        var path = $"/api/agent/payments.csv?regie={PaymentHostFixture.RegieId}&day={paid.GetProperty("day").GetString()}";
        using var regisseur = await AgentClient.SignInAsync(host, PaymentHostFixture.Regisseur);
        var csv = await StallFees.WaitForAsync(async () => (await regisseur.GetAsync(path)).Html, text => Reconciliation.ReadExport(text).Any(line => line.IdOp == idOp));

        var line = Reconciliation.ReadExport(csv).Single(candidate => candidate.IdOp == idOp);
        Assert.Equal(receipt.Reference, line["REFERENCE"]);
        Assert.True(line.Refund, "a payment of a withdrawn application is not flagged for refund");
        Assert.Equal("Withdrawn", (await ApplicationClient.StatusAsync(api, receipt)).Status);
        Assert.Contains("la régie vous le remboursera", await StallFees.ReturnAsync(browser, paid.GetProperty("urlredirect").GetString()!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageReport_PaymentRecordedTwice_CountsItOnceWithItsAmount()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        using var simulator = host.Simulator();
        var usage = host.Services.Get<UsageMeter>();
        await usage.Ledger.FoldAsync(host.CommuneId, CancellationToken.None);
        var month = FactMonthNow();
        var before = await UsageOfAsync(month);
        var receipt = await StallFees.SubmitAsync(api, "Étal compté", "grand");
        await StallFees.AwaitingPaymentAsync(api, receipt);
        var idOp = await StallFees.StartAsync(browser, receipt);
        await simulator.SettleAsync(idOp, "paid");
        await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == "UnderReview");

        // Recorded again, as a path that had not seen the first record would (a look retried after a crash).
        var ledger = host.Services.Get<PaymentLedger>();
        var application = await host.Services.Get<ApplicationLoader>().GetAsync(receipt.Reference, CancellationToken.None);
        var result = await host.Services.Get<IPayFipGateway>().GetPaymentResultAsync(idOp, CancellationToken.None);
        Assert.True(await ledger.RecordAsync(application, (await ledger.ReadAsync(receipt.Reference, CancellationToken.None)).Due!, result, CancellationToken.None));
        await usage.Ledger.FoldAsync(host.CommuneId, CancellationToken.None);
        var after = await UsageOfAsync(month);

        Assert.Equal(before.PaymentsReceived + 1, after.PaymentsReceived);
        Assert.Equal(before.PaymentsReceivedCents + 2400, after.PaymentsReceivedCents);
        var csv = await host.Services.Get<UsageReportRenderer>().CsvAsync(new UsageScope([host.CommuneId]), month, CancellationToken.None);
        var total = Core.Tests.OpenData.Csv.Parse(csv).Single(cells => cells.Count > 3 && cells[0] == host.CommuneId && cells[3] == Core.OpenData.PublishedStatistics.AllProcedures);
        var header = UsageReportRenderer.CsvHeader.ToList();
        Assert.Equal(after.PaymentsReceived.ToString(CultureInfo.InvariantCulture), total[header.IndexOf("paiements_recus")]);
        Assert.Equal((after.PaymentsReceivedCents / 100m).ToString("0.00", CultureInfo.InvariantCulture), total[header.IndexOf("paiements_montant")]);
    }

    [Fact]
    public async Task PaymentsPage_AgentsOfTheRegiesRoleAndTheAdministratorOutsideRestrictedRegies_SeeItAnyoneElseGetsTheSame404AsAnUnknownRegie()
    {
        var day = ParisToday.Of(TimeProvider.System).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var page = $"/api/agent/payments?regie={PaymentHostFixture.RegieId}&day={day}";
        var csv = $"/api/agent/payments.csv?regie={PaymentHostFixture.RegieId}&day={day}";
        using var regisseur = await AgentClient.SignInAsync(host, PaymentHostFixture.Regisseur);
        using var administrator = await AgentClient.SignInAsync(host, PaymentHostFixture.Administrator);
        using var otherService = await AgentClient.SignInAsync(host, PaymentHostFixture.OtherService);
        using var otherCommune = await AgentClient.SignInAsync(host, "informatique@saint-exemple.example");
        using var childhood = await AgentClient.SignInAsync(host, "enfance@saint-exemple.example");
        using var culture = await AgentClient.SignInAsync(host, "mediatheque@saint-exemple.example");
        using var anonymous = AgentClient.Anonymous(host);

        var (unknownStatus, unknownPage) = await administrator.GetAsync($"/api/agent/payments?regie=voirie&day={day}");
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
        var unknownMessage = Message(unknownPage);
        foreach (var (agent, who, regie) in new[]
        {
            (otherService, "another service's agent", PaymentHostFixture.RegieId),
            (otherCommune, "another commune's administrator", PaymentHostFixture.RegieId),
            (culture, "the médiathèque's agent on the périscolaire's régie", "periscolaire"),
            // The canteen's régie collects by family quotient for a restricted procedure: not the administrator's books.
            (otherCommune, "Saint-Exemple's administrator on the canteen's régie", "periscolaire"),
        })
        {
            var (status, html) = await agent.GetAsync($"/api/agent/payments?regie={regie}&day={day}");
            Assert.True(status == HttpStatusCode.NotFound, $"{who}: {(int)status}");
            Assert.Equal(unknownMessage, Message(html));
            Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/api/agent/payments.csv?regie={regie}&day={day}")).Status);
        }

        foreach (var (agent, regie) in new[] { (regisseur, PaymentHostFixture.RegieId), (administrator, PaymentHostFixture.RegieId), (childhood, "periscolaire"), (culture, "mediatheque"), (otherCommune, "mediatheque") })
        {
            var (status, html) = await agent.GetAsync($"/api/agent/payments?regie={regie}&day={day}");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Contains("href=\"/api/agent/payments\" aria-current=\"page\"", html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/agent/payments.csv?regie={regie}&day={day}")).Status);
        }

        // The navigation offers the page only to those who keep a régie's books; nobody signed in is sent to sign in.
        Assert.DoesNotContain("/api/agent/payments", (await otherService.GetAsync("/api/agent")).Html, StringComparison.Ordinal);
        Assert.Contains("/api/agent/payments", (await regisseur.GetAsync("/api/agent")).Html, StringComparison.Ordinal);
        var (anonymousStatus, _) = await anonymous.GetAsync(page);
        Assert.Equal(HttpStatusCode.SeeOther, anonymousStatus);
        Assert.Equal(HttpStatusCode.BadRequest, (await regisseur.GetAsync($"/api/agent/payments?regie={PaymentHostFixture.RegieId}&day=15-03-2027")).Status);
    }

    [Fact]
    public async Task PaymentsPage_DayWithAPaymentToRefund_ReadsInFrenchAndEnglishWithNoSeriousViolationAt1280And320Pixels()
    {
        using var api = host.Client();
        using var citizen = host.Client("text/html");
        using var simulator = host.Simulator();
        var receipt = await StallFees.SubmitAsync(api, "Étal accessible");
        await StallFees.AwaitingPaymentAsync(api, receipt);
        var first = await StallFees.StartAsync(citizen, receipt);
        var second = await StallFees.StartAsync(citizen, receipt);
        await simulator.SettleAsync(first, "paid");
        var paid = await simulator.SettleAsync(second, "paid");
        var day = paid.GetProperty("day").GetString()!;
        var path = $"/api/agent/payments?regie={PaymentHostFixture.RegieId}&day={day}";
        using var agent = await AgentClient.SignInAsync(host, PaymentHostFixture.Regisseur);
        // The second payment is recorded from its notification, after the first took the application on to review.
        await StallFees.WaitForAsync(async () => (await agent.GetAsync(path)).Html, html => html.Contains("<strong>à rembourser</strong>", StringComparison.Ordinal));

        await using var chromium = await HeadlessChromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BypassCSP = true, Locale = "fr-FR" });
        await context.AddCookiesAsync(agent.Cookies.GetAllCookies().Select(cookie => new Microsoft.Playwright.Cookie { Name = cookie.Name, Value = cookie.Value, Url = host.BaseAddress.ToString() }));
        var browserPage = await context.NewPageAsync();
        foreach (var (address, heading, refund) in new[] { (path, "Paiements encaissés", "à rembourser"), (path + "&lang=en", "Payments received", "to refund") })
        {
            var response = await browserPage.GotoAsync(new Uri(host.BaseAddress, address).ToString());
            Assert.Equal(200, response!.Status);
            Assert.Equal(heading, await browserPage.Locator("h1").InnerTextAsync());
            Assert.Contains("Commune de test des paiements", await browserPage.Locator("header").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(2, await browserPage.Locator("tbody tr", new() { HasTextString = receipt.Reference }).CountAsync());
            // Other tests of the day refund too: this application's rows only.
            Assert.Equal(1, await browserPage.Locator("tbody tr", new() { HasTextString = receipt.Reference }).Filter(new() { HasTextString = refund }).CountAsync());
            await Accessibility.AssertNoSeriousViolationsAsync(browserPage, "payments page " + address);
        }

        // At 320 px the table scrolls inside its region, the page itself does not scroll sideways.
        await browserPage.GotoAsync(new Uri(host.BaseAddress, path).ToString());
        await browserPage.SetViewportSizeAsync(320, 800);
        Assert.True(await browserPage.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 320"), "the page scrolls sideways at 320 px");
        await browserPage.ScreenshotAsync(new() { Path = Accessibility.Artifact("payments-320.png"), FullPage = true });
        await browserPage.SetViewportSizeAsync(1280, 900);
        await browserPage.ScreenshotAsync(new() { Path = Accessibility.Artifact("payments-1280.png"), FullPage = true });
    }

    private static DateOnly Day(IReadOnlyList<JsonElement> ledger, string idOp) =>
        DateOnly.ParseExact(ledger.Single(payment => payment.GetProperty("idOp").GetString() == idOp).GetProperty("outcome").GetProperty("day").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The export's total as PayFiP's footer writes it (euros, decimal comma).</summary>
    private static string Sum(IEnumerable<PaymentLine> lines) =>
        lines.Sum(line => decimal.Parse(line["MONTANT"].Replace(',', '.'), CultureInfo.InvariantCulture)).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');

    /// <summary>The message of a back-office answer (what it says, without the signed-in agent's navigation).</summary>
    private static string Message(string html)
    {
        var start = html.IndexOf("<h1>", StringComparison.Ordinal);
        return html[start..html.IndexOf("</main>", StringComparison.Ordinal)];
    }

    private static string FactMonthNow() => Core.OpenData.FactLedger.MonthOf(DateTimeOffset.UtcNow);

    private async Task<UsageRow> UsageOfAsync(string month) =>
        (await host.Services.Get<UsageReport>().BuildAsync(new UsageScope([host.CommuneId]), month, CancellationToken.None)).Single();

    /// <summary>Reads until the condition holds (the app records a payment when PayFiP's notification or a look says so).</summary>
}
