using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Serverless.FaultHarness.Product;

/// <summary>What happened when the agent approved one application from the e-mail link.</summary>
public sealed record ApprovalResult(string Reference, DateTimeOffset At, int Attempts, int StatusCode, string Outcome)
{
    public bool Decided => StatusCode is (int)HttpStatusCode.OK or (int)HttpStatusCode.Conflict;
}

/// <summary>
/// The agent working from the mailbox: opens the review-request e-mail, follows "Accepter la demande" (a GET shows the
/// confirmation page), then confirms (POST). Like a person, retries a page that did not answer, a bounded number of times.
/// </summary>
public sealed partial class ReviewAgent(MaildevClient mailbox) : IDisposable
{
    private const string ApproveLabel = "Accepter la demande";
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(120);

    private readonly HttpClient browser = CreateBrowser();

    public async Task<ApprovalResult> ApproveAsync(string reference, string reviewMailId)
    {
        var mail = await mailbox.GetAsync(reviewMailId);
        var match = ApproveLink().Match(mail.Text);
        if (!match.Success)
        {
            return new ApprovalResult(reference, DateTimeOffset.UtcNow, 0, 0, "no approve link in the review e-mail");
        }

        var link = new Uri(match.Groups[1].Value);
        var deadline = DateTime.UtcNow + RetryFor;
        var attempts = 0;
        var lastStatus = 0;
        var lastOutcome = "not tried";
        var postSent = false;
        while (DateTime.UtcNow < deadline)
        {
            attempts++;
            try
            {
                using (var page = await browser.GetAsync(link))
                {
                    lastStatus = (int)page.StatusCode;
                    if (page.StatusCode != HttpStatusCode.OK && page.StatusCode != HttpStatusCode.Conflict)
                    {
                        lastOutcome = $"GET answered {(int)page.StatusCode}";
                        await Task.Delay(TimeSpan.FromSeconds(1));
                        continue;
                    }
                }

                postSent = true;
                using var form = new FormUrlEncodedContent([]);
                using var decision = await browser.PostAsync(link, form);
                lastStatus = (int)decision.StatusCode;
                switch (decision.StatusCode)
                {
                    case HttpStatusCode.OK:
                        return new ApprovalResult(reference, DateTimeOffset.UtcNow, attempts, lastStatus, "approved");
                    case HttpStatusCode.Conflict:
                        // Already decided: our own earlier POST when its answer was lost, else something else decided.
                        return new ApprovalResult(reference, DateTimeOffset.UtcNow, attempts, lastStatus, attempts > 1 ? "already decided (after a retried POST)" : "already decided");
                    default:
                        lastOutcome = $"POST answered {lastStatus}";
                        break;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                lastStatus = 0;
                lastOutcome = (postSent ? "POST: " : "GET: ") + exception.GetType().Name;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return new ApprovalResult(reference, DateTimeOffset.UtcNow, attempts, lastStatus, "gave up: " + lastOutcome);
    }

    public void Dispose() => browser.Dispose();

    /// <summary>A person's browser: asks for HTML, does not follow redirects, gives up on a page after 30 s.</summary>
    internal static HttpClient CreateBrowser()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return client;
    }

    [GeneratedRegex(ApproveLabel + @" : (\S+)")]
    private static partial Regex ApproveLink();
}
