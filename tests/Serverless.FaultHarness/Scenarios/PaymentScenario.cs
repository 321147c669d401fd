using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Serverless.FaultHarness.Analysis;
using Serverless.FaultHarness.Infrastructure;
using Serverless.FaultHarness.Product;
using Serverless.FaultHarness.Reporting;

namespace Serverless.FaultHarness.Scenarios;

/// <summary>
/// Market-stall fees (the fixture procedure <c>market-stall-permit</c>: paid before review) paid through the test bed's
/// own local PayFiP, one trader after the other, while PayFiP's notifications are dropped, duplicated and delayed in
/// turn; one debt is paid twice in two tabs (the second once the first is recorded, its notification lost and the tab
/// closed: the sweep finds it); a third of the traders come back to the app from PayFiP, the others
/// close the tab; and the host is killed (-9) once right after PayFiP took a payment whose notification is held back,
/// so the payment is neither notified nor looked at before the kill, then restarted 4 s later. Every payment PayFiP
/// took must be recorded (the debt settled, the line in the régie's export) and its application reviewed and approved;
/// a second payment of one debt must be flagged for refund; nothing may be left awaiting a payment PayFiP took.
/// </summary>
public sealed class PaymentScenario : Scenario
{
    /// <summary>With --short (CI), at most this many applications.</summary>
    public const int ShortRunApplications = 3;

    /// <summary>A day of the procedures' delays: the fee is due 3 minutes after it is asked; the workflow looks 2.5 s after a payment starts.</summary>
    public static readonly TimeSpan DayLength = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan Down = TimeSpan.FromSeconds(4);

    /// <summary>How long PayFiP holds back the notification of the payment the kill follows: past the kill and the restart.</summary>
    private const int HeldBackMs = 8000;

    /// <summary>The other delayed notifications: past the citizen's return, not past the host's look.</summary>
    private const int DelayedMs = 3000;

    public override string Name => "payment";

    public override string Description => "market-stall fees paid through the local PayFiP while its notifications are dropped, duplicated and delayed in turn, one debt paid twice in two tabs, and a kill -9 of the host between a payment and its record, restarted 4 s later";

    protected override ApplicationForm Form => ApplicationForm.MarketStall;

    protected override BedExtras Extras => new(PayFip: true, FixtureProcedures: true, Settings: new Dictionary<string, string>
    {
        ["Review__DayLength"] = DayLength.ToString(),
        // The sweep of attempts no path recorded, within seconds rather than 20 minutes (the two-tab trader's second payment).
        ["Payments__SweepAfter"] = "00:00:05",
        ["Payments__SweepInterval"] = "00:00:02",
    });

    protected override async Task ExerciseAsync(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var payFip = run.Bed.PayFip ?? throw new InvalidOperationException("The payment scenario's test bed has no local PayFiP.");
        var count = run.Settings.IsShort ? Math.Min(run.Settings.Applications, ShortRunApplications) : run.Settings.Applications;
        await run.SubmitAsync(count);
        var accepted = run.Accepted.ToList();
        var clock = Stopwatch.StartNew();
        await WaitForAsync(run, accepted, "AwaitingPayment", TimeSpan.FromSeconds(120));
        // A trader pays from the "Paiement à effectuer" e-mail's link: once it has arrived.
        await WaitForPaymentDueMailsAsync(run, accepted, TimeSpan.FromSeconds(120));
        run.Time("until every trader had the payment e-mail", clock.Elapsed);

        var killAt = FaultTrigger.Fraction(accepted.Count, 0.4) - 1;
        // Never the trader the kill follows (whose second tab would never be paid).
        var twoTabs = accepted.Count > 1 ? (killAt == 0 ? 1 : 0) : -1;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = run.Bed.PublicBaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var modes = new Dictionary<string, int>(StringComparer.Ordinal);
        var returned = 0;
        var faulted = 0;
        clock.Restart();
        for (var index = 0; index < accepted.Count; index++)
        {
            var submission = accepted[index];
            var statusUrl = submission.Accepted!.StatusUrl!;
            var kill = index == killAt;
            // The other payments' notifications dropped, sent twice, delayed or sent, in turn.
            var (mode, delay) = kill ? ("delay", HeldBackMs) : (faulted++ % 4) switch
            {
                0 => ("drop", 0),
                1 => ("duplicate", 0),
                2 => ("delay", DelayedMs),
                _ => ("none", 0),
            };
            var idOp = await StartPaymentAsync(browser, statusUrl);
            var secondTab = index == twoTabs ? await StartPaymentAsync(browser, statusUrl) : null;
            await payFip.SetNotificationFaultAsync(mode, 1, delay);
            var paid = await payFip.PayAsync(idOp);
            modes[kill ? "held back, then kill -9" : mode] = modes.GetValueOrDefault(kill ? "held back, then kill -9" : mode) + 1;
            if (kill)
            {
                // Between the payment and its record: PayFiP holds the notification back, the trader closed the tab, and
                // the workflow's first look is due 2.5 s after the payment started.
                run.Bed.Faults.Record("kill -9 between a payment and its record", $"{submission.Reference}: PayFiP took payment {idOp} {DateTimeOffset.UtcNow - DateTimeOffset.Parse(paid.GetProperty("at").GetString()!, CultureInfo.InvariantCulture):s\\.fff} s before, its notification held back {HeldBackMs / 1000} s");
                var host = run.Bed.Hosts[0];
                await run.Bed.KillHostAsync(host);
                await Task.Delay(Down);
                await run.Bed.RestartHostAsync(host);
                continue;
            }

            if (secondTab is not null)
            {
                // The same trader pays again in a second tab once the first payment is recorded; PayFiP's notification
                // is lost and the tab closed: only the sweep of forgotten attempts can find it.
                await WaitForAsync(run, [submission], "UnderReview", TimeSpan.FromSeconds(120));
                await payFip.SetNotificationFaultAsync("drop");
                await payFip.PayAsync(secondTab);
                run.Finding($"{submission.Reference} paid twice in two tabs: {idOp}, then {secondTab} once the application was under review (notification dropped, no return)");
            }
            else if (index % 3 == 2)
            {
                await ReturnAsync(browser, paid);
                returned++;
            }
        }

        run.Time("paying", clock.Elapsed);
        run.Finding($"{accepted.Count} fees paid, notifications: {string.Join(", ", modes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}"))}; {returned} traders came back to the app from PayFiP, the others closed the tab");
        await run.ApproveAllAsync();
        await run.SettleAsync();
        await WaitForTheExportAsync(run, payFip, TimeSpan.FromSeconds(120));
        await DescribeNotificationsAsync(run, payFip);
    }

    protected override async Task<IReadOnlyList<ApplicationVerdict>> JudgeMoreAsync(ScenarioRun run, IReadOnlyList<ApplicationVerdict> verdicts, IReadOnlyList<ClassifiedMail> mails)
    {
        ArgumentNullException.ThrowIfNull(run);
        var judged = await PaymentJudge.JudgeAsync(verdicts, await run.Bed.PayFip!.LedgerAsync(), run.Bed.Storage.ConnectionString, mails);
        var paid = judged.Count(verdict => verdict.Payment is { PaidAtPayFip.Count: > 0 });
        run.Check("PayFiP took a payment for every accepted application", paid == run.Accepted.Count && paid > 0, string.Create(CultureInfo.InvariantCulture, $"{paid} of {run.Accepted.Count}; {judged.Sum(verdict => verdict.Payment?.PaidAtPayFip.Count ?? 0)} payments in all"));
        var awaiting = judged.Count(verdict => verdict.FinalStatus == "AwaitingPayment" && verdict.Payment is { PaidAtPayFip.Count: > 0 });
        run.Check("nothing left awaiting a payment PayFiP took", awaiting == 0, string.Create(CultureInfo.InvariantCulture, $"{awaiting} applications"));
        var twice = judged.Where(verdict => verdict.Payment is { PaidAtPayFip.Count: > 1 }).ToList();
        run.Check("every debt PayFiP cashed twice has its second payment flagged for refund", twice.All(verdict => verdict.PaidTwice == 0),
            string.Join("; ", twice.Select(verdict => string.Create(CultureInfo.InvariantCulture, $"{verdict.Reference}: {verdict.Payment!.PaidAtPayFip.Count} payments, {verdict.Payment.FlaggedForRefund} flagged"))) is { Length: > 0 } detail ? detail : "no debt was paid twice");
        return judged;
    }

    /// <summary>
    /// The workflows end before every payment is recorded: the two-tab trader's second payment (notification lost, no
    /// return) is found by the sweep, which asks again about an unanswered attempt only after half its age. As the
    /// accountant reads the export later, the judge reads it once every payment PayFiP took is listed, or the bound is
    /// past (and then what is missing is lost).
    /// </summary>
    private static async Task WaitForTheExportAsync(ScenarioRun run, PayFip payFip, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        var missing = new List<string>();
        while (clock.Elapsed < bound)
        {
            var exported = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var row in new Azure.Data.Tables.TableClient(run.Bed.Storage.ConnectionString, "Payments").QueryAsync<Azure.Data.Tables.TableEntity>(select: ["RowKey"]))
            {
                exported.Add(row.RowKey);
            }

            missing = [.. (await payFip.LedgerAsync())
                .Where(payment => payment.GetProperty("outcome") is { ValueKind: JsonValueKind.Object } outcome && outcome.GetProperty("result").GetString() == "paid")
                .Select(payment => payment.GetProperty("idOp").GetString()!)
                .Where(idOp => !exported.Contains(idOp))];
            if (missing.Count == 0)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        run.Time("until every payment PayFiP took was in the régie's export, after the workflows ended", clock.Elapsed);
        if (missing.Count > 0)
        {
            run.Finding(string.Create(CultureInfo.InvariantCulture, $"{missing.Count} payments PayFiP took were still not in the régie's export {bound.TotalSeconds:F0} s after the workflows ended"));
        }
    }

    /// <summary>"Payer sur PayFiP" from the application's payment page: answers the idOp the app created (in the 303 to PayFiP).</summary>
    private static async Task<string> StartPaymentAsync(HttpClient browser, string statusUrl)
    {
        var status = new Uri(statusUrl, UriKind.RelativeOrAbsolute);
        var absolute = status.IsAbsoluteUri ? status : new Uri(browser.BaseAddress!, status);
        var payment = new UriBuilder(absolute) { Path = absolute.AbsolutePath + "/payment" }.Uri;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await browser.PostAsync(payment, new FormUrlEncodedContent([]));
                if (response.StatusCode == HttpStatusCode.SeeOther && response.Headers.Location is { } location
                    && System.Web.HttpUtility.ParseQueryString(location.Query)["idop"] is { Length: > 0 } idOp)
                {
                    return idOp;
                }

                if (attempt >= 5)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The payment of {absolute.AbsolutePath} did not start: {(int)response.StatusCode} {body}"));
                }
            }
            catch (HttpRequestException) when (attempt < 5)
            {
                // The host is starting again: a person would press the button again.
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>The trader's browser follows PayFiP's redirect back to the app's return page (which reads the result back).</summary>
    private static async Task ReturnAsync(HttpClient browser, JsonElement paid)
    {
        using var response = await browser.GetAsync(new Uri(paid.GetProperty("urlredirect").GetString()!));
        await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task WaitForAsync(ScenarioRun run, IReadOnlyList<Workload.Submission> applications, string status, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        var waiting = applications.ToList();
        while (waiting.Count > 0 && DateTime.UtcNow < deadline)
        {
            await run.Statuses.PollOnceAsync(waiting);
            waiting = [.. waiting.Where(application => run.Statuses.Latest(application.Reference!)?.Status != status)];
            if (waiting.Count > 0)
            {
                await Task.Delay(500);
            }
        }

        if (waiting.Count > 0)
        {
            run.Finding(string.Create(CultureInfo.InvariantCulture, $"{waiting.Count} applications did not reach {status} within {bound.TotalSeconds:F0} s: {string.Join(", ", waiting.Take(10).Select(application => application.Reference))}"));
        }
    }

    private static async Task WaitForPaymentDueMailsAsync(ScenarioRun run, IReadOnlyList<Workload.Submission> applications, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        var waiting = applications.Select(application => application.Reference!).ToHashSet(StringComparer.Ordinal);
        while (waiting.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var mail in await run.Mailbox.SummariesAsync())
            {
                if (ClassifiedMail.KindOf(mail.Subject) == MailKind.PaymentDue)
                {
                    waiting.RemoveWhere(reference => mail.Subject.Contains(reference, StringComparison.Ordinal));
                }
            }

            if (waiting.Count > 0)
            {
                await Task.Delay(500);
            }
        }

        if (waiting.Count > 0)
        {
            run.Finding(string.Create(CultureInfo.InvariantCulture, $"{waiting.Count} traders had no payment e-mail within {bound.TotalSeconds:F0} s (they pay all the same): {string.Join(", ", waiting.Take(10))}"));
        }
    }

    /// <summary>What became of PayFiP's notifications, from its own ledger: sent, dropped, sent twice, late, or refused while the host was down.</summary>
    private static async Task DescribeNotificationsAsync(ScenarioRun run, PayFip payFip)
    {
        var attempts = (await payFip.LedgerAsync())
            .Where(payment => payment.GetProperty("outcome").ValueKind == JsonValueKind.Object)
            .Select(payment => (At: DateTimeOffset.Parse(payment.GetProperty("outcome").GetProperty("at").GetString()!, CultureInfo.InvariantCulture), Notifications: payment.GetProperty("notifications").EnumerateArray().ToList()))
            .ToList();
        static string Status(JsonElement attempt) => attempt.GetProperty("status").ValueKind == JsonValueKind.Number ? attempt.GetProperty("status").GetInt32().ToString(CultureInfo.InvariantCulture) : attempt.GetProperty("status").GetString()!;
        var dropped = attempts.Count(payment => payment.Notifications.Any(attempt => Status(attempt) == "dropped"));
        var twice = attempts.Count(payment => payment.Notifications.Count(attempt => Status(attempt) != "dropped") > 1);
        var late = attempts.Count(payment => payment.Notifications.Any(attempt => DateTimeOffset.Parse(attempt.GetProperty("at").GetString()!, CultureInfo.InvariantCulture) - payment.At > TimeSpan.FromSeconds(2)));
        var failed = attempts.Count(payment => payment.Notifications.Any(attempt => Status(attempt) is not ("200" or "dropped")));
        run.Finding(string.Create(CultureInfo.InvariantCulture, $"PayFiP's ledger: {attempts.Count} payments settled; notifications dropped {dropped}, sent twice {twice}, sent more than 2 s late {late}, not answered 200 (host down, or a crash) {failed}"));
        run.Check("PayFiP dropped, duplicated and delayed notifications", dropped > 0 && late > 0 && (twice > 0 || attempts.Count < 3), string.Create(CultureInfo.InvariantCulture, $"dropped {dropped}, twice {twice}, late {late}"));
    }
}
