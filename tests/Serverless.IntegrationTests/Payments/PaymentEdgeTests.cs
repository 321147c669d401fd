using Serverless.Core.Applications;
using Serverless.Core.Payments;
using Serverless.Core.Payments.PayFip;

namespace Serverless.IntegrationTests.Payments;

/// <summary>
/// The edges of a payment: a second tab paid after the first settled the debt, with PayFiP's notification lost and the
/// trader never back (the sweep finds it); a payment that comes after the deadline's look closed the debt unpaid
/// (flagged for refund, the application abandoned all the same); a request PayFiP would refuse (a clear page, nothing
/// created at PayFiP).
/// </summary>
[Collection(PaymentHostGroup.Name)]
public sealed class PaymentEdgeTests(PaymentHostFixture host)
{
    [Fact]
    public async Task Sweep_SecondTabPaidAfterTheDebtWasSettledWithNotificationLostAndNoReturn_RecordsItForRefund()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        using var simulator = host.Simulator();
        var ledger = host.Services.Get<PaymentLedger>();
        var receipt = await StallFees.SubmitAsync(api, "Étal aux deux onglets");
        await StallFees.AwaitingPaymentAsync(api, receipt);
        var first = await StallFees.StartAsync(browser, receipt);
        var second = await StallFees.StartAsync(browser, receipt);
        await simulator.SettleAsync(first, "paid");
        await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == nameof(ApplicationStatus.UnderReview));
        Assert.False(await ledger.CloseUnpaidAsync(receipt.Reference, CancellationToken.None), "a debt already settled was closed as unpaid");

        // The second tab, left open on PayFiP's page, pays too; PayFiP's notification is lost and the trader closes the tab.
        await simulator.SetNotificationFaultAsync("drop");
        var secondPaid = await simulator.SettleAsync(second, "paid");

        var state = await StallFees.WaitForAsync(() => ledger.ReadAsync(receipt.Reference, CancellationToken.None), candidate => candidate.Open.Count == 0);
        Assert.Equal(first, state.PaidIdOp);
        // The test régie is in PayFiP's activation step (its own mode, the deployment's being Test): saisie X.
        Assert.Equal("X", (await simulator.LedgerEntryAsync(first)).GetProperty("saisie").GetString());
        var refund = Assert.Single(state.Attempts, attempt => attempt.Refund);
        Assert.Equal(second, refund.IdOp);
        Assert.Equal(PaymentOutcome.Paid, refund.Outcome);
        Assert.Equal(PaymentMeans.Card, refund.Means);
        Assert.Equal(nameof(ApplicationStatus.UnderReview), (await ApplicationClient.StatusAsync(api, receipt)).Status);

        // Back later from that tab, the trader reads that this payment will be refunded, not "received".
        var page = await StallFees.ReturnAsync(browser, secondPaid.GetProperty("urlredirect").GetString()!);
        Assert.Contains("la régie vous le remboursera", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Paiement reçu : merci", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartPayment_EmailLongerThanPayFipAccepts_SaysOnlinePaymentCannotBePreparedAndCreatesNothing()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        using var simulator = host.Simulator();
        // 85 characters, a valid address (its local part under 64): PayFiP's mel stops at 80.
        var email = ApplicationClient.NewCitizenEmail().Replace("@example.org", "@marche-hebdomadaire-de-la-commune.example.org", StringComparison.Ordinal);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Étal à l'adresse longue"), "traderName" },
            { new StringContent(email), "contactEmail" },
            { new StringContent("petit"), "stall" },
        };
        var receipt = await ApplicationClient.SubmitAsync(api, form, $"/api/procedures/{PaymentHostFixture.ProcedureId}/applications");
        await StallFees.AwaitingPaymentAsync(api, receipt);
        var issued = (await simulator.LedgerAsync()).Count;

        using var response = await browser.PostAsync(StallFees.PaymentPath(receipt), new FormUrlEncodedContent([]));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Le paiement en ligne ne peut pas être préparé", page, StringComparison.Ordinal);
        Assert.Contains("contactez la mairie", page, StringComparison.Ordinal);
        Assert.Empty((await host.Services.Get<PaymentLedger>().ReadAsync(receipt.Reference, CancellationToken.None)).Attempts);
        Assert.Equal(issued, (await simulator.LedgerAsync()).Count);
    }

    [Fact]
    public async Task Deadline_PaymentRecordedAfterTheDebtWasClosedUnpaid_IsFlaggedForRefundAndTheApplicationIsAbandoned()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        using var simulator = host.Simulator();
        var ledger = host.Services.Get<PaymentLedger>();
        var receipt = await StallFees.SubmitAsync(api, "Étal payé trop tard");
        await StallFees.AwaitingPaymentAsync(api, receipt);
        var idOp = await StallFees.StartAsync(browser, receipt);

        // The deadline's look found nothing paid and closed the debt; the trader's tab then pays, by direct debit.
        Assert.True(await ledger.CloseUnpaidAsync(receipt.Reference, CancellationToken.None));
        await simulator.SettleAsync(idOp, "paid", "direct-debit");

        var abandoned = await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == nameof(ApplicationStatus.Abandoned));
        Assert.DoesNotContain(abandoned.History, item => item.Action == "PaymentReceived");
        var state = await ledger.ReadAsync(receipt.Reference, CancellationToken.None);
        Assert.False(state.Paid);
        var attempt = Assert.Single(state.Attempts);
        Assert.Equal((idOp, PaymentOutcome.Paid, true, PaymentMeans.DirectDebit), (attempt.IdOp, attempt.Outcome, attempt.Refund, attempt.Means));
    }

    [Fact]
    public async Task Notification_ProcessDiedBeforeTheAttemptRowWasWritten_RecordsTheAttemptFromItsIndexRow()
    {
        using var api = host.Client();
        using var simulator = host.Simulator();
        var ledger = host.Services.Get<PaymentLedger>();
        var receipt = await StallFees.SubmitAsync(api, "Étal interrompu");
        await StallFees.AwaitingPaymentAsync(api, receipt);
        var due = (await ledger.ReadAsync(receipt.Reference, CancellationToken.None)).Due!;

        // What "Payer sur PayFiP" does up to a process dying: PayFiP's idOp created, its index row written, no attempt row.
        var idOp = await host.Services.Get<IPayFipGateway>().CreatePaymentAsync(new PaymentRequest(
            due.ClientNumber, due.Year, due.DebtReference, due.AmountInCents, "commercant@example.org", due.Label,
            new Uri(host.BaseAddress, "/api/payments/notifications"), new Uri(host.BaseAddress, "/")));
        var operations = new Azure.Data.Tables.TableClient(TestEnvironment.StorageConnectionString, Serverless.Core.Addresses.StorageNames.PaymentOperationsTable);
        await operations.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(idOp, "op") { ["Reference"] = receipt.Reference, ["CommuneId"] = host.CommuneId, ["Open"] = true, ["CreatedAt"] = DateTimeOffset.UtcNow });
        Assert.Empty((await ledger.ReadAsync(receipt.Reference, CancellationToken.None)).Attempts);

        // The trader had the page open all the same (the redirect left before the process died) and pays.
        await simulator.SettleAsync(idOp, "paid");

        await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == nameof(ApplicationStatus.UnderReview));
        var state = await ledger.ReadAsync(receipt.Reference, CancellationToken.None);
        Assert.Equal(idOp, state.PaidIdOp);
        Assert.Equal((idOp, PaymentOutcome.Paid, false), (Assert.Single(state.Attempts).IdOp, state.Attempts[0].Outcome, state.Attempts[0].Refund));
    }
}
