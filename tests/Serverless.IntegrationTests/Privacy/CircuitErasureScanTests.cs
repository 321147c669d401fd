using System.Net;
using System.Security.Cryptography;
using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;
using Serverless.Core.Retention;
using Serverless.IntegrationTests.Circuits;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests.Privacy;

/// <summary>
/// The signature circuit's data under erasure, checked against storage: an emergency aid whose applicant, every
/// version of the decision, every comment and reason of the circuit carries a unique marker goes through drafting,
/// a send-back, an amendment, both visas and the mayor's signature; once the application is erased, no table (the
/// task hub's included), blob or queue message holds a marker.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class CircuitErasureScanTests(LocalHostFixture host, ITestOutputHelper output)
{
    private readonly Markers marks = new();

    private Dictionary<string, string> markers => marks.ByLabel;

    private string Marker(string label) => marks.New(label);

    [Fact]
    public async Task Erasure_AfterACircuitWithAmendmentsAndASendBack_LeavesNoMarkerInAnyTableBlobOrQueue()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var citizen = $"{Marker("email")}@example.org";
        var receipt = await CircuitClient.SubmitEmergencyAidAsync(api, citizen, Marker("firstName"), Marker("lastName"), "Incendie " + Marker("situation"));
        var review = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, $"[À instruire] {CircuitClient.Title} – {receipt.Reference}");
        await CircuitClient.PostAsync(browser, review.Link("Accepter la demande"), HttpStatusCode.OK, ("comment", "Accordé " + Marker("approval")));

        var draft = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, $"[À rédiger] {CircuitClient.Title} – {receipt.Reference}");
        await CircuitClient.PostAsync(browser, draft.Link("Relire et soumettre le projet"), HttpStatusCode.OK,
            ("action", "submit"), ("title", "Arrêté " + Marker("title")), ("body", "Article 1 : secours à " + Marker("body")), ("comment", "Reprise " + Marker("reason")));
        var visa = await host.Mailbox.WaitForAsync("responsable.ccas@saint-exemple.example", $"[À viser] {CircuitClient.Title} – {receipt.Reference}");
        await CircuitClient.PostAsync(browser, visa.Link("Lire et viser le projet"), HttpStatusCode.OK, ("action", "sendBack"), ("comment", "À revoir " + Marker("sendBack")));
        var redraft = (await host.Mailbox.WaitForCountAsync(LocalHostFixture.Reviewer, $"[À rédiger] {CircuitClient.Title} – {receipt.Reference}", 2))[1];
        await CircuitClient.PostAsync(browser, redraft.Link("Relire et soumettre le projet"), HttpStatusCode.OK,
            ("action", "submit"), ("title", "Arrêté " + Marker("title2")), ("body", "Article 1 : secours de 350 euros à " + Marker("body2")), ("comment", "Montant " + Marker("reason2")));
        var visaAgain = (await host.Mailbox.WaitForCountAsync("responsable.ccas@saint-exemple.example", $"[À viser] {CircuitClient.Title} – {receipt.Reference}", 2))[1];
        await CircuitClient.PostAsync(browser, visaAgain.Link("Lire et viser le projet"), HttpStatusCode.OK, ("action", "amend"), ("title", "Arrêté " + Marker("title3")), ("body", "Article 1 : secours de 350 euros à " + Marker("body3")), ("comment", "Forme " + Marker("amend")));
        var visaThird = (await host.Mailbox.WaitForCountAsync("responsable.ccas@saint-exemple.example", $"[À viser] {CircuitClient.Title} – {receipt.Reference}", 3))[2];
        await CircuitClient.PostAsync(browser, visaThird.Link("Lire et viser le projet"), HttpStatusCode.OK, ("action", "approve"));
        var dgs = (await host.Mailbox.WaitForCountAsync("dgs@saint-exemple.example", $"[À viser] {CircuitClient.Title} – {receipt.Reference}", 1))[0];
        await CircuitClient.PostAsync(browser, dgs.Link("Lire et viser le projet"), HttpStatusCode.OK, ("action", "approve"));
        var sign = await host.Mailbox.WaitForAsync("maire@saint-exemple.example", $"[À signer] {CircuitClient.Title} – {receipt.Reference}");
        var link = sign.Link("Lire et signer la décision");
        var code = await CircuitClient.CodeAsync(browser, host.Mailbox, link, "maire@saint-exemple.example", receipt.Reference);
        await CircuitClient.PostAsync(browser, link, HttpStatusCode.OK, ("action", "sign"), ("code", code), ("confirm", "yes"));

        var final = await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == "Approved" && status.History.Any(item => item.Action == "CitizenNotified"));
        Assert.NotNull(final.SignedDecisionUrl);
        var durable = host.Services.Get<DurableTaskClient>();
        await Markers.WaitUntilAsync(async () => (await durable.GetInstanceAsync(ApplicationReference.InstanceId(receipt.Reference)))?.RuntimeStatus == OrchestrationRuntimeStatus.Completed, "the workflow ends");
        var before = await StorageScan.RunAsync(TestEnvironment.StorageConnectionString, markers, CancellationToken.None);
        Assert.Contains(before.Found, found => found.Contains("sendBack", StringComparison.Ordinal)); // The scan sees the circuit's rows.

        Assert.NotNull(await host.Services.Get<ApplicationEraser>().EraseAsync(receipt.Reference, ErasureReason.Request, AuditActors.System, durable, CancellationToken.None));
        ScanReport after = before;
        await Markers.WaitUntilAsync(
            async () => (after = await StorageScan.RunAsync(TestEnvironment.StorageConnectionString, markers, CancellationToken.None)).Found.Count == 0,
            "no marker is left",
            () => after.ToString());
        using (var gone = await api.GetAsync(final.SignedDecisionUrl))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        var summary = $"Markers: {markers.Count} ({string.Join(", ", markers.Keys)})\nBefore the erasure: {before}\nAfter the erasure: {after}";
        output.WriteLine(summary);
        Artifacts.Write("privacy/circuit-marker-scan.txt", summary);
    }
}
