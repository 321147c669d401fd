using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Serverless.FaultHarness.Product;

namespace Serverless.LoadTests;

/// <summary>What one pass of applications through the product gave.</summary>
public sealed record ProductPass(
    double SubmissionsPerSecond,
    SampleSet Submissions,
    SampleSet SubmitToAcknowledgement,
    SampleSet SubmitToReview,
    SampleSet ApprovalToCertificate,
    double CompletedPerSecond,
    int Accepted,
    int Completed,
    IReadOnlyList<double> CertificateTimes,
    IReadOnlyList<double> ApprovalTimes,
    IReadOnlyList<string> Problems);

/// <summary>
/// Citizens submit (closed loop, <c>concurrency</c> at once, multipart with a PDF, as the form posts it) while agents
/// approve each application from its review e-mail as soon as it arrives; done when every accepted application's
/// certificate e-mail is in maildev, or at the time limit.
/// </summary>
public static class ProductRun
{
    public static async Task<ProductPass> RunAsync(string phase, Uri publicBaseUrl, Uri maildev, int applications, int concurrency, TimeSpan timeout, IReadOnlyList<HostProcess> hosts, Func<int, Task>? afterApprovals = null)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        using var api = new HttpClient { BaseAddress = publicBaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var mailbox = new MaildevClient(maildev);
        await using var watcher = await MailWatcher.StartAsync(maildev);
        var agents = new ReviewAgents(mailbox, watcher);
        using var deadline = new CancellationTokenSource(timeout);
        var submittedAt = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var problems = new ConcurrentBag<string>();
        var runId = Guid.NewGuid().ToString("N")[..6];
        var origin = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        var sampling = SampleMemoryAsync(hosts, deadline.Token);
        var approving = agents.RunAsync(concurrency, applications, deadline.Token);
        var trigger = afterApprovals is null ? Task.CompletedTask : WatchApprovalsAsync(agents, afterApprovals, deadline.Token);
        double submissionsPerSecond;
        SampleSet submissionSamples;
        await using (new ProgressBar(phase, applications, () => (watcher.Certified.Count(pair => submittedAt.ContainsKey(pair.Key)), $"submitted {submittedAt.Count}, review e-mails {watcher.ReviewRequested.Count}, approved {agents.ApprovedAt.Count}, certificates")))
        {
            (submissionsPerSecond, submissionSamples) = await ClosedLoop.RunAsync(applications, concurrency, async index =>
            {
                await LoadSubmissions.SubmitOneAsync(api, runId, index, submittedAt, problems, deadline.Token);
            });

            while (!deadline.IsCancellationRequested && submittedAt.Keys.Any(reference => !watcher.Certified.ContainsKey(reference)))
            {
                await Task.Delay(200);
            }
        }

        var elapsedAtEnd = clock.Elapsed;
        await deadline.CancelAsync();
        await Task.WhenAll(Quietly(approving), Quietly(sampling), Quietly(trigger));

        var toAck = new SampleSet();
        var toReview = new SampleSet();
        var toCertificate = new SampleSet();
        var certificateTimes = new List<double>();
        foreach (var (reference, at) in submittedAt)
        {
            if (watcher.Acknowledged.TryGetValue(reference, out var acknowledged))
            {
                toAck.Add((acknowledged - origin).TotalSeconds, (acknowledged - at).TotalMilliseconds);
            }

            if (watcher.ReviewRequested.TryGetValue(reference, out var review))
            {
                toReview.Add((review - origin).TotalSeconds, (review - at).TotalMilliseconds);
            }

            if (watcher.Certified.TryGetValue(reference, out var certified))
            {
                certificateTimes.Add((certified - origin).TotalSeconds);
                if (agents.ApprovedAt.TryGetValue(reference, out var approved))
                {
                    toCertificate.Add((certified - origin).TotalSeconds, (certified - approved).TotalMilliseconds);
                }
            }
        }

        foreach (var failure in agents.Failures)
        {
            problems.Add(failure);
        }

        var missing = submittedAt.Keys.Count(reference => !watcher.Certified.ContainsKey(reference));
        if (missing > 0)
        {
            problems.Add($"{missing} accepted applications had no certificate e-mail after {elapsedAtEnd.TotalSeconds:F0} s");
        }

        certificateTimes.Sort();
        var lastSeconds = certificateTimes.Count > 0 ? certificateTimes[^1] : elapsedAtEnd.TotalSeconds;
        return new ProductPass(
            submissionsPerSecond,
            submissionSamples,
            toAck,
            toReview,
            toCertificate,
            certificateTimes.Count / lastSeconds,
            submittedAt.Count,
            certificateTimes.Count,
            certificateTimes,
            [.. agents.ApprovedAt.Values.Select(at => (at - origin).TotalSeconds).Order()],
            [.. problems]);
    }

    private static async Task SampleMemoryAsync(IReadOnlyList<HostProcess> hosts, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var host in hosts)
            {
                host.SampleRssKb();
            }

            await Task.Delay(1000, cancellationToken);
        }
    }

    private static async Task WatchApprovalsAsync(ReviewAgents agents, Func<int, Task> afterApprovals, CancellationToken cancellationToken)
    {
        var told = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var count = agents.ApprovedAt.Count;
            if (count > told)
            {
                told = count;
                await afterApprovals(count);
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Stopped at the end of the pass.
        }
    }
}
