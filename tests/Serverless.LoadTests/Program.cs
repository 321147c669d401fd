using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Serverless.FaultHarness.Infrastructure;
using Serverless.LoadTests;

// Load harness: see docs/PERFORMANCE.md. Run through scripts/load.sh (it builds the local host in Release and sets
// LOAD_HOST_DLL and LOAD_NODE_MODULES). Everything listens on 127.0.0.1 only.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

if (options.Render is { } reportFile)
{
    var saved = JsonSerializer.Deserialize<LoadReport>(await File.ReadAllTextAsync(reportFile), LoadReport.Json)!;
    var rendered = ReportMarkdown.Render(saved);
    if (options.Into is { } markdown)
    {
        ReportMarkdown.Into(markdown, rendered, steady: saved.Steady is not null);
        Console.WriteLine($"{markdown}: {(saved.Steady is null ? "load" : "steady")} report section replaced from {reportFile}");
    }
    else
    {
        Console.Write(rendered);
    }

    return 0;
}

var hostDll = Environment.GetEnvironmentVariable("LOAD_HOST_DLL");
var nodeModules = Environment.GetEnvironmentVariable("LOAD_NODE_MODULES");
if (hostDll is null || !File.Exists(hostDll) || nodeModules is null || !Directory.Exists(nodeModules))
{
    await Console.Error.WriteLineAsync("Run through scripts/load.sh (LOAD_HOST_DLL and LOAD_NODE_MODULES are not set or do not exist).");
    return 2;
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => ChildProcess.KillAll());
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => ChildProcess.KillAll());

var results = Path.GetFullPath(options.ResultsDirectory);
var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
var work = Path.Combine(results, "work", stamp);
Directory.CreateDirectory(work);
var logs = Path.Combine(results, "logs");
Directory.CreateDirectory(logs);
var command = "./scripts/load.sh " + string.Join(' ', args);
var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
var machine = MachineInfo.Current();
Console.WriteLine(options.Steady || options.FindCapacity
    ? string.Create(CultureInfo.InvariantCulture, $"Load harness: {(options.FindCapacity ? "capacity search" : "steady state")} from {string.Join(", ", SteadyMode.Rates(options))}/s, {options.Minutes} min each, store of {options.Store} applications; results in {results}")
    : $"Load harness: {options.Applications} applications, {options.Concurrency} at a time{(options.ScaleOut ? ", scale-out" : string.Empty)}{(options.Trace ? ", traced" : string.Empty)}; results in {results}");

// In memory: every figure of the run (the raw limits too) is on the same Azurite, without its disk persistence, which
// rewrites the whole table database as one JSON file every few seconds (22 MB four minutes into a 2,000-application
// run, Azurite then at 100 % of a core) and so slows down as the data grows. Its three services run as three processes
// (issue 25): each gets an event loop, hence a core, of its own, and the CPU of each is measured apart.
await using var storage = new SplitAzurite(nodeModules, Path.Combine(work, "azurite"), Path.Combine(logs, $"azurite-{stamp}"));
await using var mail = new Maildev(nodeModules, Path.Combine(work, "mail"), Path.Combine(logs, $"maildev-{stamp}.log"));
await storage.StartAsync();
await mail.StartAsync();
var spansFile = Path.Combine(results, $"spans-{stamp}.jsonl");

Dictionary<string, string> Settings(Uri publicBaseUrl, string taskHub)
{
    var settings = HostSettings.For(storage.ConnectionString, publicBaseUrl, taskHub, mail.SmtpPort, []);
    // The product's own recovery and retry timings, not the fault harness's shortened ones (a 5 s sweeper would
    // redeliver every start request still queued under load). The 10 s visibility timeouts stay: failover. The start
    // queue stays one per task hub (the scale-out passes share one Azurite).
    foreach (var key in settings.Keys.Where(key => (key.StartsWith("Workflow__", StringComparison.Ordinal) && key != "Workflow__StartQueueName") || key.StartsWith("Recovery__", StringComparison.Ordinal)).ToList())
    {
        settings.Remove(key);
    }

    // Backend tuning from the caller's environment (DurableTask__PartitionCount=…), the same for the bare orchestration.
    foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
    {
        if (variable.Key is string name && name.StartsWith("DurableTask__", StringComparison.Ordinal) && variable.Value is string value)
        {
            settings[name] = value;
        }
    }

    if (options.Trace)
    {
        settings["Telemetry__Exporter"] = "file";
        settings["Telemetry__File"] = spansFile;
    }

    return settings;
}

var backend = new SortedDictionary<string, string>(StringComparer.Ordinal);
foreach (var (key, value) in Settings(new Uri("http://127.0.0.1"), "x").Where(pair => pair.Key.StartsWith("DurableTask__", StringComparison.Ordinal)))
{
    backend[key["DurableTask__".Length..]] = value;
}

backend.TryAdd("PartitionCount", "product default");
backend["Azurite"] = "in-memory persistence, blob, queue and table as three processes";

var problems = new List<string>();
LoadReport report;

// What every report says of its run, whatever it measured; the duration is taken when the report is made.
LoadReport Header() => new()
{
    Command = command,
    CodeVersion = Environment.GetEnvironmentVariable("LOAD_CODE_VERSION") ?? "unknown",
    StartedAt = started,
    DurationSeconds = clock.Elapsed.TotalSeconds,
    Machine = machine,
    Applications = options.Applications,
    Concurrency = options.Concurrency,
    BackendSettings = backend,
    Problems = problems,
};

if (options.Steady || options.FindCapacity)
{
    var (steady, steadyProblems) = await SteadyMode.RunAsync(options, new SteadyMode.Services(storage, mail, hostDll, logs, stamp), Settings);
    problems.AddRange(steadyProblems);
    report = Header() with { Applications = steady.Steps.Sum(step => step.Arrivals), Steady = steady };
}
else if (options.ScaleOut)
{
    var scale = await ScaleOut.RunAsync(options, hostDll, mail, Settings, logs, stamp);
    problems.AddRange(scale.Problems);
    report = Header() with { ScaleOut = scale.Result };
}
else
{
    var raw = await RawLimits.RowAndBlobPairsAsync(storage.ConnectionString, options.Applications, options.Concurrency);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw row + blob pairs: {raw.PerSecond:F1}/s, p95 {raw.Samples.Summary.P95:F1} ms"));
    var ceiling = await LogCeiling.RunAsync(storage.ConnectionString, options.Applications, options.Concurrency);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"transparency log: {ceiling.OneCommune.PerSecond:F1} appends/s to one commune, {ceiling.SixteenCommunes.PerSecond:F1}/s over 16"));
    var bareMeter = new CpuMeter([.. storage.Processes, ("harness (bare orchestration)", Environment.ProcessId)]);
    bareMeter.Start();
    var bare = await BareOrchestration.RunAsync(Settings(new Uri("http://127.0.0.1"), "bare"), options.Applications, options.Concurrency, options.Timeout, options.BareReviewTimer);
    var bareCpu = bareMeter.Stop(bare.Completed);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bare orchestration: {bare.CompletedPerSecond:F1} completed/s ({bare.Completed} of {options.Applications})"));
    if (bare.Completed < options.Applications)
    {
        problems.Add($"bare orchestration: {options.Applications - bare.Completed} instances not done in time");
    }

    var limits = Header() with
    {
        RawRowBlobPairs = new Rate(raw.PerSecond, raw.Samples.Summary),
        LogAppendsOneCommune = ceiling.OneCommune,
        LogAppendsSixteenCommunes = ceiling.SixteenCommunes,
        Bare = new BareOrchestrationFigures(bare.CompletedPerSecond, bare.StartToReview.Summary, bare.EventToDone.Summary, bare.Completed) { ReviewTimer = options.BareReviewTimer },
        BareCpu = bareCpu,
    };
    if (options.EngineOnly)
    {
        report = limits;
    }
    else
    {
        var port = Ports.Free();
        // The host's own port is its public address here (one host, no forwarder in between).
        var host = new HostProcess("host", hostDll, Settings(new Uri($"http://127.0.0.1:{port}"), "load" + Guid.NewGuid().ToString("N")[..8]), Path.Combine(logs, $"host-{stamp}.log"), port);
        await using (host)
        {
            await host.StartAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"local host ready in {host.TimeToReady.TotalSeconds:F2} s"));
            List<(string Name, int ProcessId)> measured = [.. storage.Processes, ("local host", host.ProcessId ?? 0), ("maildev", mail.ProcessId ?? 0), ("harness (citizens, agents)", Environment.ProcessId)];
            var productMeter = new CpuMeter(measured);
            productMeter.Start();
            var pass = await ProductRun.RunAsync("applications", host.Address, mail.WebUrl, options.Applications, options.Concurrency, options.Timeout, [host]);
            var productCpu = productMeter.Stop(pass.Completed);
            problems.AddRange(pass.Problems);
            var highWater = host.HighWaterMarkMb ?? host.PeakSampledRssMb;
            var product = new ProductFigures(
                new Rate(pass.SubmissionsPerSecond, pass.Submissions.Summary),
                pass.SubmitToAcknowledgement.Summary,
                pass.SubmitToReview.Summary,
                pass.ApprovalToCertificate.Summary,
                pass.CompletedPerSecond,
                pass.Accepted,
                pass.Completed,
                host.TimeToReady.TotalSeconds,
                highWater,
                host.PeakSampledRssMb);
            await host.DisposeAsync();

            var (slowest, storageCalls) = options.Trace && File.Exists(spansFile) ? SpanProfile.Read(spansFile) : ([], new Dictionary<string, double>());
            var chart = LatencyChart.Save(Path.Combine(results, $"load-{stamp}.png"),
            [
                ("submit → 202", pass.Submissions.All),
                ("submit → review e-mail", pass.SubmitToReview.All),
                ("approval → certificate e-mail", pass.ApprovalToCertificate.All),
            ]);
            var pairRatio = pass.SubmissionsPerSecond / raw.PerSecond;
            var bareRatio = bare.CompletedPerSecond == 0 ? 0 : pass.CompletedPerSecond / bare.CompletedPerSecond;
            report = limits with
            {
                DurationSeconds = clock.Elapsed.TotalSeconds,
                Product = product,
                ProductCpu = productCpu,
                SlowestSteps = slowest,
                StorageCallsPerSubmission = storageCalls,
                Chart = Path.GetFileName(chart),
                Targets =
                [
                    new Target("Submissions / raw row+blob pairs", "≥ 0.5×", pairRatio, pairRatio >= 0.5),
                    new Target($"Submission p95 at {options.Concurrency} clients (ms)", "≤ 300 ms", pass.Submissions.Summary.P95, pass.Submissions.Summary.P95 <= 300),
                    new Target("Completed / bare orchestration", "≥ 0.8×", bareRatio, bareRatio >= 0.8),
                    new Target("Completed applications per second", "≥ 15/s", pass.CompletedPerSecond, pass.CompletedPerSecond >= 15),
                    new Target("Local host resident memory peak (MB)", "≤ 400 MB", highWater, highWater <= 400),
                    new Target("Local host ready after start (s)", "≤ 3 s", host.TimeToReady.TotalSeconds, host.TimeToReady.TotalSeconds <= 3),
                ],
                Problems = problems,
            };
        }
    }
}

var json = Path.Combine(results, $"load-{stamp}.json");
await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, LoadReport.Json));
var table = ReportMarkdown.Render(report);
await File.WriteAllTextAsync(Path.ChangeExtension(json, ".md"), table);
Console.WriteLine();
Console.Write(table);
Console.WriteLine();
Console.WriteLine($"written: {json} (and .md{(report.Chart is null ? string.Empty : ", " + report.Chart)}); into the docs: ./scripts/load.sh --render {Path.GetRelativePath(Directory.GetCurrentDirectory(), json)} --into docs/PERFORMANCE.md");
try
{
    Directory.Delete(work, recursive: true);
}
catch (IOException)
{
    // Left for a look.
}

return problems.Count == 0 ? 0 : 1;
