using System.Globalization;
using Serverless.Core.Payments;

namespace Serverless.IntegrationTests.Payments;

/// <summary>
/// A process that dies while it records a payment PayFiP says was paid: whatever it had written, the payment must
/// still reach the accountant's export (the <c>Payments</c> index) and the usage count, once.
/// </summary>
[Collection(CrashingPaymentHostGroup.Name)]
public sealed class PaymentRecordCrashTests(CrashingPaymentHostFixture host)
{
    [Fact]
    public async Task Export_CrashRightAfterTheAttemptsOutcomeIsWritten_StillListsThePaymentOnceAndTheApplicationGoesOnToReview()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        using var simulator = host.Simulator();
        var receipt = await StallFees.SubmitAsync(api, "Étal en panne");
        await StallFees.AwaitingPaymentAsync(api, receipt);
        var idOp = await StallFees.StartAsync(browser, receipt);

        // PayFiP's notification is lost, so one path records the payment: the workflow's look, which crashes (once)
        // in the middle of it and is retried.
        await simulator.SetNotificationFaultAsync("drop");
        var paid = await simulator.SettleAsync(idOp, "paid");
        var status = await ApplicationClient.WaitForStatusAsync(api, receipt, candidate => candidate.Status == "UnderReview");

        Assert.Single(status.History, item => item.Action == "PaymentReceived");
        var day = DateOnly.ParseExact(paid.GetProperty("day").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var regisseur = await AgentClient.SignInAsync(host, PaymentHostFixture.Regisseur);
        var (_, csv) = await regisseur.GetAsync($"/api/agent/payments.csv?regie={PaymentHostFixture.RegieId}&day={day:yyyy-MM-dd}");
        var line = Assert.Single(Reconciliation.ReadExport(csv), candidate => candidate.IdOp == idOp);
        Assert.Equal(receipt.Reference, line["REFERENCE"]);
        Assert.Equal("12,00", line["MONTANT"]);
        Assert.False(line.Refund);
        Assert.NotEmpty(await host.Services.Get<PaymentLedger>().PaidOnAsync(host.CommuneId, PaymentHostFixture.RegieId, day, CancellationToken.None));
    }
}
