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

    /// <summary>Steady state (issue 25): open-loop arrivals at <see cref="Rate"/> for <see cref="Minutes"/>, on a seeded store.</summary>
    public bool Steady { get; init; }

    /// <summary>Steps the rate (from <see cref="Rate"/>, doubling, or <see cref="Rates"/>) and reports the highest flat one.</summary>
    public bool FindCapacity { get; init; }

    /// <summary>Arrivals per second (open loop: a new application every 1/rate s, whatever the product's answers).</summary>
    public double Rate { get; init; } = 1;

    /// <summary>The explicit rates of <c>--find-capacity</c>, in order; empty: <see cref="Rate"/> doubled at each step.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [];

    /// <summary>The measured window of one steady run (or of each capacity step).</summary>
    public int Minutes { get; init; } = 10;

    /// <summary>At most this many capacity steps (each <see cref="Minutes"/> long, plus a bounded drain).</summary>
    public int Steps { get; init; } = 3;

    /// <summary>Decided applications written into the store before the run (not measured).</summary>
    public int Store { get; init; }

    /// <summary>Instances of the bare orchestration measured on the same seeded store, for the product ÷ bare ratio.</summary>
    public int BareInstances { get; init; } = 200;

    /// <summary>The bare orchestration's wait for the event is bounded by a durable timer, as the product's review round.</summary>
    public bool BareReviewTimer { get; init; }

    public const int MaxStore = 20000;

    public const int MaxMinutes = 30;

    public const int MaxSteps = 4;

    public const double MaxRate = 50;

    public const string Usage = """
        Usage: scripts/load.sh [--applications N] [--concurrency C] [--timeout MINUTES] [--trace] [--scale-out] [--engine-only] [--bare-review-timer]
               scripts/load.sh --steady --rate R --minutes M --store N [--bare B] [--bare-review-timer] [--concurrency C]
               scripts/load.sh --find-capacity --rate R | --rates R1,R2,… [--steps K] --minutes M --store N [--bare B]
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
                "--steady" => options with { Steady = true },
                "--find-capacity" => options with { FindCapacity = true },
                "--rate" => options with { Rate = Decimal(Next()) },
                "--rates" => options with { Rates = [.. Next().Split(',').Select(Decimal)] },
                "--minutes" => options with { Minutes = Number(Next()) },
                "--steps" => options with { Steps = Number(Next()) },
                "--store" => options with { Store = Number(Next()) },
                "--bare" => options with { BareInstances = Number(Next()) },
                "--bare-review-timer" => options with { BareReviewTimer = true },
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

        if (options.Steady || options.FindCapacity)
        {
            var rates = options.Rates.Count > 0 ? options.Rates : [options.Rate];
            if (rates.Any(rate => rate is <= 0 or > MaxRate) || options.Minutes is < 1 or > MaxMinutes || options.Steps is < 1 or > MaxSteps
                || options.Rates.Count > MaxSteps || options.Store is < 0 or > MaxStore || options.BareInstances is < 0 or > MaxApplications)
            {
                throw new ArgumentException($"--rate must be in (0, {MaxRate}], --minutes 1..{MaxMinutes}, --steps and the number of --rates 1..{MaxSteps}, --store 0..{MaxStore}, --bare 0..{MaxApplications}.\n{Usage}");
            }
        }

        return options;
    }

    private static double Decimal(string text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentException($"Not a number: {text}.\n{Usage}");

    private static int Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentException($"Not a number: {text}.\n{Usage}");
}
