using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.LoadTests;

/// <summary>The machine a run measured: the figures mean nothing without it.</summary>
public sealed record MachineInfo(int Cores, string CpuModel, double MemoryGb, string Os, string Runtime, double LoadAverageAtStart)
{
    public static MachineInfo Current()
    {
        static string? FirstLine(string path, string prefix) =>
            File.Exists(path) ? File.ReadLines(path).FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal)) : null;

        var model = FirstLine("/proc/cpuinfo", "model name")?.Split(':', 2)[1].Trim() ?? "unknown";
        var memoryKb = FirstLine("/proc/meminfo", "MemTotal")?.Split(':', 2)[1].Trim().Split(' ')[0];
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "0";
        return new MachineInfo(
            Environment.ProcessorCount,
            model,
            Math.Round(double.Parse(memoryKb ?? "0", CultureInfo.InvariantCulture) / 1024 / 1024, 1),
            System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            double.Parse(load, CultureInfo.InvariantCulture));
    }
}

/// <summary>A throughput with its latency percentiles.</summary>
public sealed record Rate(double PerSecond, LatencySummary Latency);

/// <summary>One target of issue 13 and whether this run met it.</summary>
public sealed record Target(string Name, string Goal, double Measured, bool Met);

/// <summary>Scale-out on the engine: one worker against two on one task hub, and a kill -9 of one under load.</summary>
public sealed record ScaleOutResult(double OneWorkerCompletedPerSecond, double TwoWorkersCompletedPerSecond, double KilledAtSeconds, double LongestGapAfterKillSeconds, double KillToLastInFlightDoneSeconds, int CompletedWithOneKilled, int Applications);

/// <summary>The slowest steps of the traced path, by span name.</summary>
public sealed record StepProfile(string Name, string Source, int Count, double P50, double P95, double TotalSeconds);

/// <summary>Everything one run of the harness measured, as written to artifacts/load/*.json.</summary>
public sealed record LoadReport
{
    public required string Command { get; init; }

    public required string CodeVersion { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationSeconds { get; init; }

    public required MachineInfo Machine { get; init; }

    public required int Applications { get; init; }

    public required int Concurrency { get; init; }

    public required IReadOnlyDictionary<string, string> BackendSettings { get; init; }

    public Rate? RawRowBlobPairs { get; init; }

    public BareOrchestrationFigures? Bare { get; init; }

    /// <summary>Transparency-log appends per second: all to one commune (one head row), and spread over 16.</summary>
    public Rate? LogAppendsOneCommune { get; init; }

    public Rate? LogAppendsSixteenCommunes { get; init; }

    public ProductFigures? Product { get; init; }

    public ScaleOutResult? ScaleOut { get; init; }

    /// <summary>The CPU of each process (Azurite's three, the host, maildev, the harness) over the product pass.</summary>
    public CpuFigures? ProductCpu { get; init; }

    /// <summary>The CPU of Azurite's services and of the harness over the bare orchestration.</summary>
    public CpuFigures? BareCpu { get; init; }

    /// <summary>The steady-state run or capacity search (issue 25).</summary>
    public SteadyFigures? Steady { get; init; }

    public IReadOnlyList<StepProfile> SlowestSteps { get; init; } = [];

    public IReadOnlyDictionary<string, double> StorageCallsPerSubmission { get; init; } = new Dictionary<string, double>();

    public IReadOnlyList<Target> Targets { get; init; } = [];

    public IReadOnlyList<string> Problems { get; init; } = [];

    public string? Chart { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
}

public sealed record BareOrchestrationFigures(double CompletedPerSecond, LatencySummary StartToEvent, LatencySummary EventToDone, int Completed)
{
    /// <summary>The wait for the event was bounded by a durable timer (<c>--bare-review-timer</c>).</summary>
    public bool ReviewTimer { get; init; }
}

public sealed record ProductFigures(
    Rate Submissions,
    LatencySummary SubmitToAcknowledgementEmail,
    LatencySummary SubmitToReviewEmail,
    LatencySummary ApprovalToCertificateEmail,
    double CompletedPerSecond,
    int Accepted,
    int Completed,
    double TimeToReadySeconds,
    double RssHighWaterMarkMb,
    double RssPeakSampledMb);

/// <summary>The markdown table docs/PERFORMANCE.md holds, made from a report (never typed by hand).</summary>
public static class ReportMarkdown
{
    public const string StartMarker = "<!-- load-report:start -->";
    public const string EndMarker = "<!-- load-report:end -->";

    /// <summary>A steady-state report has a section of its own, so that rendering one never replaces the burst run's table.</summary>
    public const string SteadyStartMarker = "<!-- steady-report:start -->";
    public const string SteadyEndMarker = "<!-- steady-report:end -->";

    public static string Render(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        static string Ms(double value) => value.ToString("N1", CultureInfo.InvariantCulture) + " ms";
        Line($"Command: `{report.Command}` — code {report.CodeVersion}, run {report.StartedAt:yyyy-MM-dd HH:mm} UTC, {report.DurationSeconds:F0} s.");
        Line($"Machine: {report.Machine.Cores} cores, {report.Machine.CpuModel}, {report.Machine.MemoryGb} GB, {report.Machine.Os}, {report.Machine.Runtime}; load average {report.Machine.LoadAverageAtStart:F2} at the start.");
        Line($"Backend: {string.Join(", ", report.BackendSettings.Select(pair => $"{pair.Key} = {pair.Value}"))}.");
        if (report.RawRowBlobPairs is not null || report.Bare is not null || report.Product is not null)
        {
            text.AppendLine();
            text.AppendLine("| Measure | Throughput | p50 | p95 | p99 |");
            text.AppendLine("|---|---:|---:|---:|---:|");
        }

        if (report.RawRowBlobPairs is { } raw)
        {
            Line($"| Raw limit: row + blob pairs, same Azurite, same process | {raw.PerSecond:F1}/s | {Ms(raw.Latency.P50)} | {Ms(raw.Latency.P95)} | {Ms(raw.Latency.P99)} |");
        }

        if (report.LogAppendsOneCommune is { } oneCommune)
        {
            Line($"| Transparency-log appends, one commune (one head row) | {oneCommune.PerSecond:F1}/s | {Ms(oneCommune.Latency.P50)} | {Ms(oneCommune.Latency.P95)} | {Ms(oneCommune.Latency.P99)} |");
        }

        if (report.LogAppendsSixteenCommunes is { } spread)
        {
            Line($"| Transparency-log appends, 16 communes | {spread.PerSecond:F1}/s | {Ms(spread.Latency.P50)} | {Ms(spread.Latency.P95)} | {Ms(spread.Latency.P99)} |");
        }

        if (report.Bare is { } bare)
        {
            Line($"| Bare orchestration ({BareOrchestration.ActivitiesBeforeEvent} + {BareOrchestration.ActivitiesAfterEvent} empty activities, one event{(bare.ReviewTimer ? " bounded by a 2-day timer" : string.Empty)}): start → event | {bare.CompletedPerSecond:F1}/s completed | {Ms(bare.StartToEvent.P50)} | {Ms(bare.StartToEvent.P95)} | {Ms(bare.StartToEvent.P99)} |");
            Line($"| Bare orchestration: event → last activity | | {Ms(bare.EventToDone.P50)} | {Ms(bare.EventToDone.P95)} | {Ms(bare.EventToDone.P99)} |");
        }

        if (report.Product is { } product)
        {
            Line($"| Submissions (HTTP 202, {report.Concurrency} clients) | {product.Submissions.PerSecond:F1}/s | {Ms(product.Submissions.Latency.P50)} | {Ms(product.Submissions.Latency.P95)} | {Ms(product.Submissions.Latency.P99)} |");
            Line($"| Submit → acknowledgement e-mail | | {Ms(product.SubmitToAcknowledgementEmail.P50)} | {Ms(product.SubmitToAcknowledgementEmail.P95)} | {Ms(product.SubmitToAcknowledgementEmail.P99)} |");
            Line($"| Submit → review e-mail | | {Ms(product.SubmitToReviewEmail.P50)} | {Ms(product.SubmitToReviewEmail.P95)} | {Ms(product.SubmitToReviewEmail.P99)} |");
            Line($"| Approval (POST) → certificate e-mail | | {Ms(product.ApprovalToCertificateEmail.P50)} | {Ms(product.ApprovalToCertificateEmail.P95)} | {Ms(product.ApprovalToCertificateEmail.P99)} |");
            Line($"| Completed applications (submitted, approved through the link, certificate e-mailed) | {product.CompletedPerSecond:F1}/s | {product.Completed} of {product.Accepted} | | |");
            text.AppendLine();
            Line($"Local host: ready {product.TimeToReadySeconds:F2} s after the process started (first 200 of `/api/health`); resident memory peak {product.RssHighWaterMarkMb:F0} MB (VmHWM; sampled VmRSS peak {product.RssPeakSampledMb:F0} MB).");
        }

        if (report.BareCpu is { } bareCpu)
        {
            CpuTable.Render(text, "CPU over the bare orchestration", bareCpu);
        }

        if (report.ProductCpu is { } productCpu)
        {
            CpuTable.Render(text, "CPU over the product pass", productCpu);
        }

        if (report.Steady is { } steady)
        {
            SteadyMarkdown.Render(text, steady);
        }

        if (report.ScaleOut is { } scale)
        {
            text.AppendLine();
            text.AppendLine("| Scale-out (one task hub) | Completed/s |");
            text.AppendLine("|---|---:|");
            Line($"| One local host | {scale.OneWorkerCompletedPerSecond:F1}/s |");
            Line($"| Two local hosts | {scale.TwoWorkersCompletedPerSecond:F1}/s |");
            Line($"| Two hosts, one killed (kill -9) at {scale.KilledAtSeconds:F0} s | {scale.CompletedWithOneKilled} of {scale.Applications} completed; longest pause in certificates after the kill {scale.LongestGapAfterKillSeconds:F1} s; kill → last application in flight at the kill done {scale.KillToLastInFlightDoneSeconds:F1} s |");
        }

        if (report.Targets.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| Target | Goal | Measured | Met |");
            text.AppendLine("|---|---|---:|---|");
            foreach (var target in report.Targets)
            {
                Line($"| {target.Name} | {target.Goal} | {target.Measured:F2} | {(target.Met ? "yes" : "**no**")} |");
            }
        }

        if (report.StorageCallsPerSubmission.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Storage calls in one submission's request (from its trace, mean per submission):");
            text.AppendLine();
            foreach (var (name, count) in report.StorageCallsPerSubmission)
            {
                Line($"- `{name}`: {count:F2}");
            }
        }

        if (report.SlowestSteps.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| Slowest steps (spans, by total time) | Source | Count | p50 | p95 | Total |");
            text.AppendLine("|---|---|---:|---:|---:|---:|");
            foreach (var step in report.SlowestSteps)
            {
                Line($"| `{step.Name}` | {step.Source} | {step.Count} | {Ms(step.P50)} | {Ms(step.P95)} | {step.TotalSeconds:F1} s |");
            }
        }

        if (report.Problems.Count > 0)
        {
            text.AppendLine();
            Line($"Problems in this run ({report.Problems.Count}): {string.Join("; ", report.Problems.Take(10))}");
        }

        return text.ToString();
    }

    /// <summary>Replaces what is between the two markers of a markdown file (the report's kind's) with the rendered report.</summary>
    public static void Into(string markdownFile, string rendered, bool steady = false)
    {
        var (startMarker, endMarker) = steady ? (SteadyStartMarker, SteadyEndMarker) : (StartMarker, EndMarker);
        var document = File.ReadAllText(markdownFile);
        var start = document.IndexOf(startMarker, StringComparison.Ordinal);
        var end = document.IndexOf(endMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidOperationException($"{markdownFile} has no {startMarker} … {endMarker} section.");
        }

        File.WriteAllText(markdownFile, document[..(start + startMarker.Length)] + "\n" + rendered + document[end..]);
    }
}
