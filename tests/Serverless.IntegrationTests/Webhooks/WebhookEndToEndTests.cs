using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Serverless.Core.Webhooks;

namespace Serverless.IntegrationTests.Webhooks;

/// <summary>A citizen submits, an agent approves from the e-mail link: the commune's endpoint hears it all, in order, signed.</summary>
[Collection(WebhookHostGroup.Name)]
public sealed class WebhookEndToEndTests(WebhookHostFixture host)
{
    /// <summary>The mounting back office's layout, as far as these tests need one.</summary>
    private static string Frame(string title, string body) => $"<h1>{Serverless.Core.Site.Html.E(title)}</h1>{body}";

    [Fact]
    public async Task Approval_ThroughTheEmailLink_EndpointReceivesSubmittedDecidedAndCertificateIssuedInOrderSigned()
    {
        var approved = await CertificateFlow.ApproveAsync(host);
        var reference = approved.Receipt.Reference;

        var received = await host.Receiver.WaitForAsync("e2e", requests => requests.Count(request => request.Reference == reference) >= 3);

        var mine = received.Where(request => request.Reference == reference).ToList();
        Assert.Equal(["application.submitted", "application.decided", "certificate.issued"], mine.Select(request => request.Type));
        Assert.Equal([1L, 2L, 3L], mine.Select(request => request.Sequence));
        Assert.All(mine, request => Assert.True(request.Verified, string.Join("; ", request.VerificationErrors)));
        Assert.All(mine, request => Assert.Equal(2, request.Signature.Split(' ').Length)); // both secrets of the rotation
        var decided = mine[1].Data;
        Assert.Equal("Approved", decided.GetProperty("status").GetString());
        Assert.Equal("school-enrolment", decided.GetProperty("procedure").GetString());
        Assert.Equal("saint-exemple", decided.GetProperty("commune").GetString());
        var issued = mine[2].Data;
        Assert.Equal(approved.Certificate.Number, issued.GetProperty("certificateNumber").GetString());
        Assert.EndsWith($"/api/verify/{approved.Certificate.Number}", issued.GetProperty("links").GetProperty("verification").GetString(), StringComparison.Ordinal);
        // Thin payloads: nothing the citizen typed, no e-mail address, no access code.
        Assert.All(mine, request =>
        {
            Assert.DoesNotContain(approved.Parent, request.Body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Léa", request.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(approved.Receipt.AccessCode, request.Body, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Revocation_ThroughTheAgentsLink_EndpointReceivesCertificateRevokedAfterIssued()
    {
        var approved = await CertificateFlow.ApproveAsync(host);
        var number = approved.Certificate.Number;
        var revokeLink = (await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, $"– {number}")).Link("Révoquer l'attestation");
        using var browser = host.Client("text/html");
        using (var revoked = await browser.PostAsync(revokeLink, new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "Erreur de saisie" })))
        {
            Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        }

        using (var again = await browser.PostAsync(revokeLink, new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "Autre motif" })))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var received = await host.Receiver.WaitForAsync("e2e", requests => requests.Count(request => request.Reference == approved.Receipt.Reference) >= 4);
        var mine = received.Where(request => request.Reference == approved.Receipt.Reference).ToList();
        Assert.Equal(["application.submitted", "application.decided", "certificate.issued", "certificate.revoked"], mine.Select(request => request.Type));
        Assert.Equal(4L, mine[3].Sequence);
        Assert.Equal(number, mine[3].Data.GetProperty("certificateNumber").GetString());
        Assert.True(mine[3].Verified, string.Join("; ", mine[3].VerificationErrors));
        Assert.DoesNotContain("Erreur de saisie", mine[3].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestForChanges_ThroughTheAgentsLink_EndpointReceivesChangesRequested()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        var mail = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        using (var asked = await browser.PostAsync(mail.Link("Demander des compléments"), new FormUrlEncodedContent([new("comment", "Le justificatif est illisible."), new("fields", "proofOfAddress")])))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        }

        var received = await host.Receiver.WaitForAsync("e2e", requests => requests.Count(request => request.Reference == receipt.Reference) >= 2);
        var mine = received.Where(request => request.Reference == receipt.Reference).ToList();
        Assert.Equal(["application.submitted", "application.changes_requested"], mine.Select(request => request.Type));
        Assert.Equal("ChangesRequested", mine[1].Data.GetProperty("status").GetString());
        Assert.DoesNotContain("illisible", mine[1].Body, StringComparison.Ordinal);
        Assert.All(mine, request => Assert.True(request.Verified, string.Join("; ", request.VerificationErrors)));
    }

    [Fact]
    public async Task LogPage_ForTheSignedInAgentsCommune_ShowsEachDeliveryWithAttemptsAndARedeliverButton()
    {
        var approved = await CertificateFlow.ApproveAsync(host);
        await host.Receiver.WaitForAsync("e2e", requests => requests.Count(request => request.Reference == approved.Receipt.Reference) >= 3);
        var handler = host.Services.Get<WebhookLogHandler>();
        var context = new DefaultHttpContext { RequestServices = host.Services };
        context.Response.Body = new MemoryStream();

        var result = await handler.ShowAsync(context.Request, "saint-exemple", "e2e", "/backoffice/webhooks/e2e/redeliver", new Dictionary<string, string> { ["__RequestVerificationToken"] = "token-of-the-back-office" }, Frame, CancellationToken.None);
        await result.ExecuteResultAsync(new Microsoft.AspNetCore.Mvc.ActionContext { HttpContext = context });

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        var html = System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
        Assert.Contains("Journal des livraisons – e2e", html, StringComparison.Ordinal);
        Assert.Contains($"certificate.issued – {approved.Receipt.Reference} (n° 3)", html, StringComparison.Ordinal);
        Assert.Contains("livrée", html, StringComparison.Ordinal);
        Assert.Contains("HTTP 200", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/backoffice/webhooks/e2e/redeliver\"", html, StringComparison.Ordinal);
        Assert.Contains("name=\"__RequestVerificationToken\" value=\"token-of-the-back-office\"", html, StringComparison.Ordinal);
        Assert.Contains("Relancer la livraison", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogPage_EndpointOfAnotherCommune_IsNotFound()
    {
        var context = new DefaultHttpContext { RequestServices = host.Services };

        var result = await host.Services.Get<WebhookLogHandler>().ShowAsync(context.Request, "villeneuve-sur-gard", "e2e", "/x", new Dictionary<string, string>(), Frame, CancellationToken.None);

        Assert.Equal(404, Assert.IsAssignableFrom<Serverless.Platform.Http.WrittenResult>(result).StatusCode);
    }

    [Fact]
    public async Task RedeliverHandler_FormPostedByTheBackOffice_RedeliversAndSendsTheAgentBackToTheLog()
    {
        var approved = await CertificateFlow.ApproveAsync(host);
        var reference = approved.Receipt.Reference;
        await host.Receiver.WaitForAsync("e2e", requests => requests.Count(request => request.Reference == reference) >= 3);
        var context = new DefaultHttpContext { RequestServices = host.Services };
        context.Request.Method = "POST";
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream("reference="u8.ToArray().Concat(System.Text.Encoding.UTF8.GetBytes(Uri.EscapeDataString(reference) + "&sequence=2")).ToArray());

        var result = await host.Services.Get<WebhookLogHandler>().RedeliverAsync(context.Request, "saint-exemple", "agent.e2e@saint-exemple.example", "e2e", "/backoffice/webhooks/e2e", Frame, CancellationToken.None);

        var written = Assert.IsAssignableFrom<Serverless.Platform.Http.WrittenResult>(result);
        Assert.Equal(303, written.StatusCode);
        var again = await host.Receiver.WaitForAsync("e2e", requests => requests.Count(request => request.Reference == reference) >= 4);
        var redelivered = again.Where(request => request.Reference == reference).Last();
        Assert.Equal("application.decided", redelivered.Type);
        Assert.True(redelivered.Verified);
        Assert.Equal(again.First(request => request.Reference == reference && request.Sequence == 2).Id, redelivered.Id); // same webhook-id: receivers deduplicate
    }
}

/// <summary>The SSRF guard with real sockets: with the setting off, a loopback endpoint is refused before any connection.</summary>
[Collection(WebhookHostGroup.Name)]
public sealed class WebhookDestinationGuardTests(WebhookHostFixture host)
{
    private static WebhookHttpClient Client(bool allowLocal) => new(Options.Create(new WebhookOptions { AllowLocalDestinations = allowLocal }));

    [Theory]
    [InlineData("https://127.0.0.1:{0}/guarded")]
    [InlineData("https://localhost:{0}/guarded")]
    [InlineData("https://[::ffff:127.0.0.1]:{0}/guarded")]
    [InlineData("http://127.0.0.1:{0}/guarded")]
    public async Task Post_LoopbackDestinationWithTheGuardOn_IsRefusedAndNothingReachesTheReceiver(string template)
    {
        using var client = Client(allowLocal: false);
        var url = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, host.Receiver.Port));
        using var content = new StringContent("{}");

        var exception = await Record.ExceptionAsync(() => client.PostAsync(url, content, [], CancellationToken.None));

        Assert.NotNull(exception);
        Assert.True(exception is RefusedDestinationException || exception.InnerException is RefusedDestinationException, exception.ToString());
        Assert.Empty(host.Receiver.At("guarded"));
    }

    [Fact]
    public async Task Post_LoopbackDestinationWithTheLocalSetting_ReachesTheReceiver()
    {
        using var client = Client(allowLocal: true);
        using var content = new StringContent("{}");

        using var response = await client.PostAsync(host.Receiver.Url("guarded-allowed"), content, [], CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(host.Receiver.At("guarded-allowed"));
    }
}
