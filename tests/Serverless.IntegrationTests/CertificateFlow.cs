using System.Net;

namespace Serverless.IntegrationTests;

/// <summary>An approved application and its certificate, as the parent received it.</summary>
public sealed record ApprovedCertificate(Receipt Receipt, string Parent, CertificateInfo Certificate, byte[] Pdf);

/// <summary>Gets a certificate the way a parent and an agent do: submit, approve from the e-mail link, download.</summary>
internal static class CertificateFlow
{
    public static async Task<ApprovedCertificate> ApproveAsync(LocalHostFixture host, string language = "fr")
    {
        using var api = host.Client();
        var parent = ApplicationClient.NewCitizenEmail();
        var fields = ApplicationClient.Fields(parent);
        fields["lang"] = language;
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(fields));
        var approveLink = (await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference)).Link("Accepter la demande");
        using var browser = host.Client("text/html");
        using (var decision = await browser.PostAsync(approveLink, new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        }

        var approved = await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.History.Any(item => item.Action == "CitizenNotified"));
        var certificate = Assert.IsType<CertificateInfo>(approved.Certificate);
        var pdf = await api.GetByteArrayAsync(certificate.DownloadUrl);
        return new ApprovedCertificate(receipt, parent, certificate, pdf);
    }

    /// <summary>The agent opens the review page from the e-mail's approve link (200), then approves there (200); the link.</summary>
    public static async Task<Uri> OpenAndApproveByLinkAsync(LocalHostFixture host, HttpClient browser, string reference)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(browser);
        var approve = new Uri((await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, reference)).Link("Accepter la demande"));
        using (var page = await browser.GetAsync(approve))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using var decided = await browser.PostAsync(approve, new FormUrlEncodedContent([KeyValuePair.Create("comment", string.Empty)]));
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        return approve;
    }
}
