using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;
using Serverless.Core.Payments;
using Serverless.IntegrationTests.Privacy;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests.Payments;

/// <summary>
/// A paid application erased: the trader's name and e-mail address leave every table, blob and queue of the storage
/// account (the task hub's included), while the payment stays in the régie's records for the public accountant
/// (docs/RETENTION.md: the <c>Payments</c> index and the application's payment rows carry no personal data).
/// </summary>
[Collection(PaymentHostGroup.Name)]
public sealed class PaymentErasureTests(PaymentHostFixture host, ITestOutputHelper output)
{
    [Fact]
    public async Task Erasure_PaidThenWithdrawn_LeavesNoTraceOfTheTraderAndKeepsThePaymentForTheAccountant()
    {
        var marks = new Markers();
        using var api = host.Client();
        using var browser = host.Client("text/html");
        using var simulator = host.Simulator();
        var trader = $"{marks.New("email")}@example.org";
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Primeurs " + marks.New("traderName")), "traderName" },
            { new StringContent(trader), "contactEmail" },
            { new StringContent("grand"), "stall" },
        };
        var receipt = await ApplicationClient.SubmitAsync(api, form, $"/api/procedures/{PaymentHostFixture.ProcedureId}/applications");
        await StallFees.AwaitingPaymentAsync(api, receipt);
        var idOp = await StallFees.StartAsync(browser, receipt);
        var paid = await simulator.SettleAsync(idOp, "paid");
        await host.Mailbox.WaitForAsync(trader, "Paiement reçu");
        var review = await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == nameof(ApplicationStatus.UnderReview));

        // Withdrawn while under review (a closed application may be erased), its workflow ended.
        using (var withdrawn = await browser.PostAsync(new Uri(host.BaseAddress, review.WithdrawUrl!), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.SeeOther, withdrawn.StatusCode);
        }

        await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == nameof(ApplicationStatus.Withdrawn));
        var durable = host.Services.Get<DurableTaskClient>();
        await Markers.WaitUntilAsync(async () => (await durable.GetInstanceAsync(ApplicationReference.InstanceId(receipt.Reference)))?.RuntimeStatus == OrchestrationRuntimeStatus.Completed, "the workflow ends");
        var before = await StorageScan.RunAsync(TestEnvironment.StorageConnectionString, marks.ByLabel, CancellationToken.None);
        Assert.NotEmpty(before.Found);

        using (var asked = await api.PostAsync(receipt.StatusUrl.Replace("?access=", "/erasure?access=", StringComparison.Ordinal), JsonContent.Create(new { confirm = true })))
        {
            Assert.True(asked.IsSuccessStatusCode, $"erasure request: {(int)asked.StatusCode}");
        }

        var confirmation = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, $"[Effacement demandé] Emplacement au marché (test : paiement avant instruction) – {receipt.Reference}");
        using (var confirmed = await browser.PostAsync(confirmation.Link("Confirmer l'effacement"), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        ScanReport after = before;
        await Markers.WaitUntilAsync(
            async () => (after = await StorageScan.RunAsync(TestEnvironment.StorageConnectionString, marks.ByLabel, CancellationToken.None)).Found.Count == 0,
            "no marker is left",
            () => after.ToString());
        output.WriteLine($"Before the erasure: {before}\nAfter the erasure: {after}");

        // The régie's record of the payment, and the application's own, outlive the erasure.
        var day = DateOnly.ParseExact(paid.GetProperty("day").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var kept = Assert.Single(await host.Services.Get<PaymentLedger>().PaidOnAsync(host.CommuneId, PaymentHostFixture.RegieId, day, CancellationToken.None), payment => payment.IdOp == idOp);
        Assert.Equal((receipt.Reference, 2400L, false), (kept.Reference, kept.AmountInCents, kept.Refund));
        Assert.Equal(idOp, (await host.Services.Get<PaymentLedger>().ReadAsync(receipt.Reference, CancellationToken.None)).PaidIdOp);
    }
}
