using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Serverless.FaultHarness.Product;

namespace Serverless.LoadTests;

/// <summary>One minute of a steady window.</summary>
/// <remarks>Queue figures are the minute's last sample: approximate counts (invisible timer messages included) and, apart, the visible ones.</remarks>
public sealed record MinuteRow(int Minute, int Arrivals, int Completions, int Purged, double P50Ms, double P95Ms, int ControlQueues, int WorkItems, int ProductQueues, int VisibleControl, int VisibleWorkItems, int VisibleProduct);

/// <summary>One steady window at one arrival rate: what arrived, what completed, per minute, and the verdict.</summary>
public sealed record SteadyStep(
    double Rate,
    int Minutes,
    int Arrivals,
    int Accepted,
    int CompletedInWindow,
    int CompletedAfterWindow,
    int Purged,
    double CompletedPerSecondLastHalf,
    LatencySummary SubmitToCertificate,
    IReadOnlyList<MinuteRow> PerMinute,
    FlatnessVerdict Flatness,
    CpuFigures Cpu,
    IReadOnlyList<string> Problems);

/// <summary>
/// Open-loop arrivals: the i-th application is submitted at i / rate seconds into the window whatever the product
/// answered before (a closed loop slows its arrivals down when the product slows down, and so hides the backlog). Agents
/// approve each one from its review e-mail; each certified application's instance is purged once it has ended. After
/// the window, certificates still due are waited for (bounded), counted apart and never in the window's figures.
/// </summary>
public static class SteadyRun
{
    /// <summary>Submissions in flight at once; past this the harness itself would be the bottleneck, and says so.</summary>
    private const int MaxSubmissionsInFlight = 256;
    private const int Agents = 16;
    private static readonly TimeSpan MaxDrain = TimeSpan.FromMinutes(2);

    public sealed record Context(Uri Host, Uri Maildev, string ConnectionString, string TaskHub, IReadOnlyList<string> ProductQueues, IReadOnlyList<(string Name, int ProcessId)> Processes, InstancePurger Purger);

    public static async Task<SteadyStep> RunAsync(Context context, double rate, int minutes)
    {
        ArgumentNullException.ThrowIfNull(context);
        var window = TimeSpan.FromMinutes(minutes);
        var count = (int)Math.Round(rate * window.TotalSeconds);
        using var api = new HttpClient { BaseAddress = context.Host, Timeout = TimeSpan.FromSeconds(60) };
        api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var mailbox = new MaildevClient(context.Maildev);
        await using var watcher = await MailWatcher.StartAsync(context.Maildev);
        var agents = new ReviewAgents(mailbox, watcher);
        // The agents, the purger feed and the submissions all stop at the end of the drain at the latest.
        using var runLimit = new CancellationTokenSource(window + MaxDrain + TimeSpan.FromMinutes(1));
        var submittedAt = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var problems = new ConcurrentBag<string>();
        var runId = Guid.NewGuid().ToString("N")[..6];
        var inFlight = 0;
        var refused = 0;

        var origin = Stopwatch.GetTimestamp();
        var wallOrigin = DateTimeOffset.UtcNow;
        var cpu = new CpuMeter(context.Processes);
        cpu.Start();
        await using var depths = await QueueDepths.StartAsync(context.ConnectionString, context.TaskHub, context.ProductQueues, origin);
        var approving = agents.RunAsync(Agents, int.MaxValue, runLimit.Token);
        var feeding = FeedPurgerAsync(watcher, submittedAt, context.Purger, runLimit.Token);
        var submissions = new List<Task>(count);
        await using (new ProgressBar($"steady {rate.ToString("0.##", CultureInfo.InvariantCulture)}/s", count, () => (watcher.Certified.Count(pair => submittedAt.ContainsKey(pair.Key)), $"submitted {submittedAt.Count}, approved {agents.ApprovedAt.Count}, purged {context.Purger.PurgedAt.Count}, certificates")))
        {
            for (var index = 0; index < count; index++)
            {
                var due = TimeSpan.FromSeconds(index / rate) - Stopwatch.GetElapsedTime(origin);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                if (Volatile.Read(ref inFlight) >= MaxSubmissionsInFlight)
                {
                    Interlocked.Increment(ref refused);
                    continue;
                }

                Interlocked.Increment(ref inFlight);
                var number = index;
                submissions.Add(Task.Run(async () =>
                {
                    try
                    {
                        await LoadSubmissions.SubmitOneAsync(api, runId, number, submittedAt, problems, runLimit.Token);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                }));
            }

            var rest = window - Stopwatch.GetElapsedTime(origin);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }

        var cpuFigures = cpu.Stop(watcher.Certified.Count(pair => submittedAt.ContainsKey(pair.Key) && pair.Value < wallOrigin + window));
        var samples = depths.Samples;

        // The drain: certificates still due are awaited (bounded), then the agents and the purger feed stop.
        var drainLimit = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(drainLimit) < MaxDrain && submittedAt.Keys.Any(reference => !watcher.Certified.ContainsKey(reference)))
        {
            await Task.Delay(500);
        }

        await Task.WhenAll(submissions);
        await runLimit.CancelAsync();
        await Quietly(approving);
        await Quietly(feeding);

        if (refused > 0)
        {
            problems.Add($"{refused} arrivals not sent: {MaxSubmissionsInFlight} submissions were already waiting for an answer");
        }

        foreach (var failure in agents.Failures.Concat(context.Purger.Failures))
        {
            problems.Add(failure);
        }

        return Summarize(rate, minutes, count, window.TotalSeconds, wallOrigin, submittedAt, watcher.Certified, context.Purger.PurgedAt, samples, cpuFigures, [.. problems]);
    }

    private static SteadyStep Summarize(
        double rate,
        int minutes,
        int count,
        double windowSeconds,
        DateTimeOffset wallOrigin,
        ConcurrentDictionary<string, DateTimeOffset> submittedAt,
        ConcurrentDictionary<string, DateTimeOffset> certified,
        ConcurrentDictionary<string, DateTimeOffset> purgedAt,
        IReadOnlyList<DepthSample> depths,
        CpuFigures cpu,
        IReadOnlyList<string> problems)
    {
        double Seconds(DateTimeOffset at) => (at - wallOrigin).TotalSeconds;
        var arrivals = submittedAt.Values.Select(Seconds).ToList();
        var completions = submittedAt
            .Where(pair => certified.ContainsKey(pair.Key))
            .Select(pair => (At: Seconds(certified[pair.Key]), LatencyMs: (certified[pair.Key] - pair.Value).TotalMilliseconds))
            .ToList();
        var inWindow = completions.Where(item => item.At < windowSeconds).ToList();
        var purged = submittedAt.Keys.Where(purgedAt.ContainsKey).Select(reference => Seconds(purgedAt[reference])).ToList();
        var verdict = Flatness.Judge(windowSeconds, rate, arrivals, inWindow, depths);

        var rows = new List<MinuteRow>();
        for (var minute = 0; minute < minutes; minute++)
        {
            bool In(double at) => at >= minute * 60 && at < (minute + 1) * 60;
            var latencies = LatencySummary.Of(inWindow.Where(item => In(item.At)).Select(item => item.LatencyMs));
            var last = depths.LastOrDefault(sample => In(sample.AtSeconds));
            static bool Control(string name) => name.Contains("-control-", StringComparison.Ordinal);
            static bool WorkItems(string name) => name.EndsWith("-workitems", StringComparison.Ordinal);
            static bool Product(string name) => !Control(name) && !WorkItems(name);
            int Sum(Func<string, bool> which) => last?.Depths.Where(pair => which(pair.Key)).Sum(pair => pair.Value) ?? 0;
            int Visible(Func<string, bool> which) => last?.Visible.Where(pair => which(pair.Key)).Sum(pair => pair.Value) ?? 0;
            rows.Add(new MinuteRow(
                minute + 1,
                arrivals.Count(In),
                inWindow.Count(item => In(item.At)),
                purged.Count(In),
                latencies.P50,
                latencies.P95,
                Sum(Control),
                Sum(WorkItems),
                Sum(Product),
                Visible(Control),
                Visible(WorkItems),
                Visible(Product)));
        }

        var half = windowSeconds / 2;
        return new SteadyStep(
            rate,
            minutes,
            count,
            submittedAt.Count,
            inWindow.Count,
            completions.Count - inWindow.Count,
            purged.Count,
            inWindow.Count(item => item.At >= half) / half,
            LatencySummary.Of(inWindow.Select(item => item.LatencyMs)),
            rows,
            verdict,
            cpu,
            problems);
    }


    /// <summary>Hands each application of this run to the purger once its certificate e-mail has arrived.</summary>
    private static async Task FeedPurgerAsync(MailWatcher watcher, ConcurrentDictionary<string, DateTimeOffset> submittedAt, InstancePurger purger, CancellationToken cancellationToken)
    {
        var handed = new HashSet<string>(StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var reference in watcher.Certified.Keys)
            {
                if (submittedAt.ContainsKey(reference) && handed.Add(reference))
                {
                    purger.Enqueue(reference);
                }
            }

            await Task.Delay(1000, cancellationToken);
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
            // Stopped at the end of the run.
        }
    }
}
