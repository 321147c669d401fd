using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests.Privacy;

/// <summary>
/// "Forgotten means forgotten", checked against storage rather than against the tables the code remembers: an
/// application whose every text field, comment and note carries a unique marker goes through a draft, review,
/// a request for changes and its correction, a private note, approval and the citizen's erasure; then every table
/// (the task hub's included), every blob and every queue message of the storage account is read, and no marker may
/// be left (docs/RETENTION.md, the data map).
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class ErasureMarkerScanTests(LocalHostFixture host, ITestOutputHelper output)
{
    private readonly Markers marks = new();

    private Dictionary<string, string> markers => marks.ByLabel;

    private string Marker(string label) => marks.New(label);

    [Fact]
    public async Task Erasure_MarkersInEveryTextThroughDraftReviewCorrectionNoteAndApproval_LeaveNoTraceInAnyTableBlobOrQueue()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var parent = $"{Marker("email")}@example.org";

        // A draft started by a commune's site (prefill), its resume link e-mailed, then discarded by the widget once
        // it filed the application itself.
        var draftUrl = await PostJsonAsync(api, "/api/procedures/school-enrolment/drafts", HttpStatusCode.Created, new()
        {
            ["lang"] = "fr", ["childFirstName"] = Marker("draftChild"), ["parentName"] = Marker("draftParent"), ["addressLine"] = "1 rue " + Marker("draftAddress"),
        });
        await PostJsonAsync(api, draftUrl, HttpStatusCode.OK, new() { ["action"] = "send-link", ["lang"] = "fr", ["email"] = parent });
        await host.Mailbox.WaitForAsync(parent, "Brouillon enregistré");

        var fields = ApplicationClient.Fields(parent, Marker("childFirstName"));
        fields["childLastName"] = Marker("childLastName");
        fields["parentName"] = "Claire " + Marker("parentName");
        fields["addressLine"] = "3 rue " + Marker("addressLine");
        var proof = Encoding.ASCII.GetBytes($"%PDF-1.4\n% {Marker("attachment")}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(fields, proof));
        await PostJsonAsync(api, draftUrl, HttpStatusCode.OK, new() { ["action"] = "discard" });

        // Review: changes asked with a comment, corrected by the citizen.
        var firstRound = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, $"[À instruire] Inscription scolaire – {receipt.Reference}");
        using (var asked = await browser.PostAsync(firstRound.Link("Demander des compléments"), Form(("comment", "Merci de préciser " + Marker("changeComment")), ("fields", "childFirstName"))))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }

        var request = await host.Mailbox.WaitForAsync(parent, "Compléments demandés");
        using (var corrected = await browser.PostAsync(request.Link("Compléter ma demande"), new MultipartFormDataContent { { new StringContent(Marker("correctedFirstName")), "childFirstName" } }))
        {
            Assert.Equal(HttpStatusCode.SeeOther, corrected.StatusCode);
        }

        // A private note in the back office, by an agent of the service in charge.
        using (var agent = await AgentClient.SignInAsync(host, BackOfficeEndToEndTests.Agent))
        {
            await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == "UnderReview" && status.History.Count(item => item.Action == "ReviewRequested") == 2);
            Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/api/agent/applications/{receipt.Reference}")).Status);
            using var note = await agent.PostAsync($"/api/agent/applications/{receipt.Reference}/notes", [("note", "Appelé le parent : " + Marker("agentNote")), ("noteId", Convert.ToHexString(RandomNumberGenerator.GetBytes(12)))]);
            Assert.Equal(HttpStatusCode.SeeOther, note.StatusCode);
        }

        // Approval with a comment, the certificate issued and e-mailed, the workflow ended.
        var secondRound = (await host.Mailbox.WaitForCountAsync(LocalHostFixture.Reviewer, $"[À instruire] Inscription scolaire – {receipt.Reference}", 2))[1];
        using (var approved = await browser.PostAsync(secondRound.Link("Accepter la demande"), Form(("comment", "Bienvenue " + Marker("approvalComment")))))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.History.Any(item => item.Action == "CitizenNotified"));
        var durable = host.Services.Get<DurableTaskClient>();
        await Markers.WaitUntilAsync(async () => (await durable.GetInstanceAsync(ApplicationReference.InstanceId(receipt.Reference)))?.RuntimeStatus == OrchestrationRuntimeStatus.Completed, "the workflow ends");
        var before = await StorageScan.RunAsync(TestEnvironment.StorageConnectionString, markers, CancellationToken.None);
        Assert.NotEmpty(before.Found); // The scan sees what it looks for.

        // The citizen asks for the erasure; an agent of the procedure confirms it from the e-mail.
        using (var asked = await api.PostAsync(receipt.StatusUrl.Replace("?access=", "/erasure?access=", StringComparison.Ordinal), JsonContent.Create(new { confirm = true })))
        {
            Assert.True(asked.IsSuccessStatusCode, $"erasure request: {(int)asked.StatusCode}");
        }

        var confirmation = await WaitForMailAsync(LocalHostFixture.Reviewer, $"[Effacement demandé] Inscription scolaire – {receipt.Reference}");
        using (var confirmed = await browser.PostAsync(confirmation.Link("Confirmer l'effacement"), Form()))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        // Messages in flight (an e-mail being sent) may hold a marker for a moment: wait until storage is clean, and
        // name whatever is still there when the wait ends.
        ScanReport after = before;
        await Markers.WaitUntilAsync(
            async () => (after = await StorageScan.RunAsync(TestEnvironment.StorageConnectionString, markers, CancellationToken.None)).Found.Count == 0,
            "no marker is left",
            () => after.ToString());
        var summary = $"Markers: {markers.Count} ({string.Join(", ", markers.Keys)})\nBefore the erasure: {before}\nAfter the erasure: {after}";
        output.WriteLine(summary);
        Artifacts.Write("privacy/marker-scan.txt", summary);
        Assert.True(after.Tables > 20 && after.Containers >= 5 && after.Queues >= 3, after.ToString());
    }

    private static async Task<string> PostJsonAsync(HttpClient api, string url, HttpStatusCode expected, Dictionary<string, string> body)
    {
        using var response = await api.PostAsync(url, JsonContent.Create(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return json.RootElement.TryGetProperty("draftUrl", out var draftUrl) ? draftUrl.GetString()! : url;
    }

    private async Task<Mail> WaitForMailAsync(string recipient, string subject)
    {
        Mail? mail = null;
        await Markers.WaitUntilAsync(async () => (mail = await host.Mailbox.ToAsync(recipient, subject) is { Count: > 0 } found ? found[0] : null) is not null, $"an e-mail \"{subject}\"");
        return mail!;
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value)));
}
