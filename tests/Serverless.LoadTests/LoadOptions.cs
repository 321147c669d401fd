using System.Globalization;

namespace Serverless.LoadTests;

/// <summary>What one run of the load harness does; every run is bounded in count and in time.</summary>
public sealed record LoadOptions
{
    public const int MaxApplications = 5000;

    public int Applications { get; init; } = 200;

    public int Concurrency { get; init; } = 8;

    /// <summary>The whole product phase (submissions to the last certificate e-mail) must end within this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Two local hosts on one task hub: one worker against two, then kill -9 of one under load.</summary>
    public bool ScaleOut { get; init; }

    /// <summary>Only the limits (raw pairs, log appends, bare orchestration): to compare backend settings quickly.</summary>
    public bool EngineOnly { get; init; }

    /// <summary>The host writes its spans to a file, read back for the slowest steps (costs some throughput).</summary>
    public bool Trace { get; init; }

    /// <summary>Only renders a report already written (<c>--render report.json [--into docs/PERFORMANCE.md]</c>).</summary>
    public string? Render { get; init; }

    public string? Into { get; init; }

    public string ResultsDirectory { get; init; } = Path.Combine("artifacts", "load");

    public const string Usage = """
        Usage: scripts/load.sh [--applications N] [--concurrency C] [--timeout MINUTES] [--trace] [--scale-out] [--engine-only]
               scripts/load.sh --render artifacts/load/<report>.json [--into docs/PERFORMANCE.md]
        """;

    public static LoadOptions Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadOptions();
        var positional = 0;
        for (var index = 0; index < args.Length; index++)
        {
            string Next() => index + 1 < args.Length ? args[++index] : throw new ArgumentException($"{args[index]} needs a value.\n{Usage}");
            options = args[index] switch
            {
                "--applications" => options with { Applications = Number(Next()) },
                "--concurrency" => options with { Concurrency = Number(Next()) },
                "--timeout" => options with { Timeout = TimeSpan.FromMinutes(Number(Next())) },
                "--scale-out" => options with { ScaleOut = true },
                "--trace" => options with { Trace = true },
                "--engine-only" => options with { EngineOnly = true },
                "--render" => options with { Render = Next() },
                "--into" => options with { Into = Next() },
                "--results" => options with { ResultsDirectory = Next() },
                // The old form: load.sh [applications] [concurrency].
                var value when !value.StartsWith("--", StringComparison.Ordinal) && positional == 0 && ++positional > 0 => options with { Applications = Number(value) },
                var value when !value.StartsWith("--", StringComparison.Ordinal) && positional == 1 && ++positional > 0 => options with { Concurrency = Number(value) },
                var other => throw new ArgumentException($"Unknown argument {other}.\n{Usage}"),
            };
        }

        if (options.Applications is < 1 or > MaxApplications || options.Concurrency is < 1 or > 256)
        {
            throw new ArgumentException($"--applications must be 1..{MaxApplications} and --concurrency 1..256.\n{Usage}");
        }

        return options;
    }

    private static int Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentException($"Not a number: {text}.\n{Usage}");
}
