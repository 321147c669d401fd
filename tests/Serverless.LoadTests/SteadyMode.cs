using System.Globalization;
using Serverless.FaultHarness.Infrastructure;

namespace Serverless.LoadTests;

/// <summary>The bare orchestration measured on the seeded store, with the CPU it took.</summary>
public sealed record BareOnStore(BareOrchestrationFigures Figures, CpuFigures Cpu);

/// <summary>Everything a steady run or a capacity search measured (issue 25).</summary>
public sealed record SteadyFigures(
    bool FindCapacity,
    SeedFigures Store,
    BareOnStore? Bare,
    IReadOnlyList<SteadyStep> Steps,
    double? CapacityPerSecond,
    double? ProductToBare,
    string RatioBasis);

/// <summary>
/// The steady-state run: the local host on a store seeded with <c>--store</c> decided applications, the bare
/// orchestration on that same store, then one window at <c>--rate</c> (or, with <c>--find-capacity</c>, windows at
/// rising rates until one is not flat). Every step is bounded: the rates, the steps, the minutes and the drains.
/// </summary>
public static class SteadyMode
{
    private const int WarmUpApplications = 3;
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PurgeWait = TimeSpan.FromSeconds(60);

    public sealed record Services(SplitAzurite Storage, Maildev Mail, string HostDll, string Logs, string Stamp);

    public static async Task<(SteadyFigures Figures, IReadOnlyList<string> Problems)> RunAsync(LoadOptions options, Services services, Func<Uri, string, Dictionary<string, string>> settingsFor)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settingsFor);
        var problems = new List<string>();
        var port = Ports.Free();
        var taskHub = "steady" + Guid.NewGuid().ToString("N")[..8];
        var settings = settingsFor(new Uri($"http://127.0.0.1:{port}"), taskHub);
        await using var host = new HostProcess("host", services.HostDll, settings, Path.Combine(services.Logs, $"host-{services.Stamp}.log"), port);
        await using var purger = new InstancePurger(settings);
        await host.StartAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"local host ready in {host.TimeToReady.TotalSeconds:F2} s"));

        // The seed: a few applications through the product (their rows are the templates), then copies of them.
        var warmUp = await ProductRun.RunAsync("seed warm-up", host.Address, services.Mail.WebUrl, WarmUpApplications, WarmUpApplications, WarmUpTimeout, [host]);
        problems.AddRange(warmUp.Problems.Select(problem => $"warm-up: {problem}"));
        var (store, templates) = await StoreSeeder.SeedAsync(services.Storage.ConnectionString, taskHub, options.Store, CancellationToken.None);
        foreach (var reference in templates)
        {
            purger.Enqueue(reference);
        }

        await WaitForAsync(() => templates.All(purger.PurgedAt.ContainsKey), PurgeWait);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"store: {store.Applications} applications copied from {store.TemplateApplications} ({store.Rows} rows, {store.Blobs} blobs) in {store.Seconds:F1} s"));

        var processes = Processes(services, host);
        BareOnStore? bare = null;
        if (options.BareInstances > 0)
        {
            // In this process, on its own task hub of the same Azurite: the store's tables are there beside it.
            // The local host stays up, idle (its queue polls go on): it is measured too, so that its share is seen.
            var meter = new CpuMeter([.. services.Storage.Processes, ("local host (idle)", host.ProcessId ?? 0), ("harness (bare orchestration)", Environment.ProcessId)]);
            meter.Start();
            var result = await BareOrchestration.RunAsync(settingsFor(new Uri("http://127.0.0.1"), "bare"), options.BareInstances, options.Concurrency, options.Timeout, options.BareReviewTimer);
            var cpu = meter.Stop(result.Completed);
            bare = new BareOnStore(new BareOrchestrationFigures(result.CompletedPerSecond, result.StartToReview.Summary, result.EventToDone.Summary, result.Completed) { ReviewTimer = options.BareReviewTimer }, cpu);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare orchestration on the store: {result.CompletedPerSecond:F2} completed/s ({result.Completed} of {options.BareInstances})"));
            if (result.Completed < options.BareInstances)
            {
                problems.Add($"bare orchestration: {options.BareInstances - result.Completed} instances not done in time");
            }
        }

        var context = new SteadyRun.Context(
            host.Address,
            services.Mail.WebUrl,
            services.Storage.ConnectionString,
            taskHub,
            [settings["Workflow__StartQueueName"], settings["Smtp__DeliveryQueueName"], Serverless.Core.Addresses.StorageNames.WebhookDeliveriesQueue],
            processes,
            purger);
        var steps = new List<SteadyStep>();
        foreach (var rate in Rates(options))
        {
            var step = await SteadyRun.RunAsync(context, rate, options.Minutes);
            steps.Add(step);
            problems.AddRange(step.Problems.Take(20).Select(problem => string.Create(CultureInfo.InvariantCulture, $"{rate:0.##}/s: {problem}")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rate:0.##}/s for {options.Minutes} min: {step.CompletedInWindow} of {step.Accepted} certified in the window, p95 {step.SubmitToCertificate.P95 / 1000:F1} s, {(step.Flatness.Flat ? "flat" : "NOT flat: " + string.Join("; ", step.Flatness.Reasons))}"));
            if (!step.Flatness.Flat)
            {
                break;
            }
        }

        var flat = steps.Where(step => step.Flatness.Flat).ToList();
        double? capacity = options.FindCapacity && flat.Count > 0 ? flat.Max(step => step.Rate) : null;
        var bareRate = bare?.Figures.CompletedPerSecond ?? 0;
        double? ratio = null;
        string basis;
        if (options.FindCapacity)
        {
            ratio = capacity is { } found && bareRate > 0 ? found / bareRate : null;
            basis = "highest flat arrival rate ÷ bare orchestration completed/s";
        }
        else
        {
            ratio = steps.Count > 0 && bareRate > 0 ? steps[0].CompletedPerSecondLastHalf / bareRate : null;
            basis = "completed/s over the window's last half ÷ bare orchestration completed/s (bounded by the arrival rate: a capacity only with --find-capacity)";
        }

        return (new SteadyFigures(options.FindCapacity, store, bare, steps, capacity, ratio, basis), problems);
    }

    /// <summary>The rates to run: one for --steady; for --find-capacity the given list, or the rate doubled at each step.</summary>
    public static IReadOnlyList<double> Rates(LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.FindCapacity)
        {
            return [options.Rate];
        }

        return options.Rates.Count > 0 ? options.Rates : [.. Enumerable.Range(0, options.Steps).Select(step => options.Rate * Math.Pow(2, step))];
    }

    private static List<(string Name, int ProcessId)> Processes(Services services, HostProcess host)
    {
        var processes = new List<(string Name, int ProcessId)>(services.Storage.Processes);
        if (host.ProcessId is { } hostId)
        {
            processes.Add(("local host", hostId));
        }

        if (services.Mail.ProcessId is { } mailId)
        {
            processes.Add(("maildev", mailId));
        }

        processes.Add(("harness (citizens, agents, purger)", Environment.ProcessId));
        return processes;
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (!condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(250);
        }
    }
}
