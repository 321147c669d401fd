using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Serverless.FaultHarness.Product;

namespace Serverless.LoadTests;

/// <summary>
/// Agents working from their mailbox, a few at a time: each takes the next review request, follows its "Accepter la
/// demande" link (GET: the confirmation page), then submits the page's form as a browser would (POST to the form's
/// action with its fields: an empty comment, no field ticked). Notes when each approval was sent.
/// </summary>
public sealed partial class ReviewAgents(MaildevClient mailbox, MailWatcher watcher)
{
    private readonly HttpClient browser = CreateBrowser();

    public ConcurrentDictionary<string, DateTimeOffset> ApprovedAt { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<string> Failures { get; } = [];

    public Task RunAsync(int agents, int expected, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, agents).Select(_ => AgentAsync(expected, cancellationToken)));

    private async Task AgentAsync(int expected, CancellationToken cancellationToken)
    {
        while (ApprovedAt.Count + Failures.Count < expected && await watcher.ReviewRequests.WaitToReadAsync(cancellationToken))
        {
            if (watcher.ReviewRequests.TryRead(out var request))
            {
                await ApproveAsync(request.Reference, request.MailId, cancellationToken);
            }
        }
    }

    private async Task ApproveAsync(string reference, string mailId, CancellationToken cancellationToken)
    {
        // Like a person, tries again when the page did not answer at all (a host killed under them): a few times.
        const int Attempts = 5;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await TryApproveAsync(reference, mailId, retried: attempt > 1, cancellationToken);
                if (outcome is not null)
                {
                    Failures.Add(outcome);
                }

                return;
            }
            catch (HttpRequestException) when (attempt < Attempts)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                Failures.Add($"{reference}: {exception.GetType().Name} {exception.Message}");
                return;
            }
        }
    }

    /// <summary>Null when approved (or, after a retry, found already decided by the earlier attempt); else what went wrong.</summary>
    private async Task<string?> TryApproveAsync(string reference, string mailId, bool retried, CancellationToken cancellationToken)
    {
        var mail = await mailbox.GetAsync(mailId);
        var link = ApproveLink().Match(mail.Text);
        if (!link.Success)
        {
            return $"{reference}: no approve link in the review e-mail";
        }

        var page = new Uri(link.Groups[1].Value);
        using var shown = await browser.GetAsync(page, cancellationToken);
        var html = await shown.Content.ReadAsStringAsync(cancellationToken);
        if (retried && shown.StatusCode == HttpStatusCode.Conflict)
        {
            ApprovedAt.TryAdd(reference, DateTimeOffset.UtcNow);
            return null;
        }

        var action = FormAction().Match(html);
        if (shown.StatusCode != HttpStatusCode.OK || !action.Success)
        {
            return $"{reference}: the review page answered {(int)shown.StatusCode} without its form";
        }

        var target = new Uri(page, WebUtility.HtmlDecode(action.Groups[1].Value));
        // The page's first form: a comment (left empty when approving) and field checkboxes (none ticked).
        using var form = new FormUrlEncodedContent(TextAreas().Matches(html).Select(area => KeyValuePair.Create(area.Groups[1].Value, string.Empty)).Take(1));
        var sentAt = DateTimeOffset.UtcNow;
        using var decided = await browser.PostAsync(target, form, cancellationToken);
        if (decided.StatusCode == HttpStatusCode.OK || (retried && decided.StatusCode == HttpStatusCode.Conflict))
        {
            ApprovedAt.TryAdd(reference, sentAt);
            return null;
        }

        return $"{reference}: the approval answered {(int)decided.StatusCode}";
    }

    private static HttpClient CreateBrowser()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return client;
    }

    [GeneratedRegex(@"Accepter la demande : (\S+)")]
    private static partial Regex ApproveLink();

    [GeneratedRegex("<form method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<textarea[^>]* name=\"([^\"]+)\"")]
    private static partial Regex TextAreas();
}
