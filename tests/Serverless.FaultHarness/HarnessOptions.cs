using System.Globalization;

namespace Serverless.FaultHarness;

/// <summary>
/// Command line: <c>[--applications N] [--short] [--scenario NAME ...] [--settle SECONDS] [--results DIR]</c>.
/// N is per scenario (default 40, 10 with --short); --short runs kill9 and smtp-outage with short faults, and
/// circuit-crash and payment with at most <see cref="Scenarios.CircuitCrashScenario.ShortRunApplications"/> and
/// <see cref="Scenarios.PaymentScenario.ShortRunApplications"/> applications.
/// </summary>
public sealed record HarnessOptions(int Applications, bool IsShort, IReadOnlyList<string> Scenarios, TimeSpan Settle, string ResultsDirectory)
{
    public const string Usage = "Usage: faults.sh [--applications N (per scenario)] [--short] [--scenario NAME ...] [--settle SECONDS] [--results DIR]";

    public static HarnessOptions Parse(IReadOnlyList<string> args, IReadOnlyList<string> known, string defaultResults)
    {
        ArgumentNullException.ThrowIfNull(args);
        int? applications = null;
        int? settle = null;
        var isShort = false;
        var scenarios = new List<string>();
        var results = defaultResults;
        for (var index = 0; index < args.Count; index++)
        {
            switch (args[index])
            {
                case "--short":
                    isShort = true;
                    break;
                case "--applications":
                    applications = PositiveNumber(args, ++index, "--applications");
                    break;
                case "--settle":
                    settle = PositiveNumber(args, ++index, "--settle");
                    break;
                case "--results":
                    results = Value(args, ++index, "--results");
                    break;
                case "--scenario":
                    scenarios.AddRange(Value(args, ++index, "--scenario").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    // Several names may follow one --scenario.
                    while (index + 1 < args.Count && !args[index + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        scenarios.Add(args[++index]);
                    }

                    break;
                case "--help" or "-h":
                    throw new ArgumentException(Usage);
                default:
                    throw new ArgumentException($"Unknown argument '{args[index]}'.\n{Usage}");
            }
        }

        var unknown = scenarios.Where(name => !known.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}; known: {string.Join(", ", known)}.");
        }

        if (scenarios.Count == 0)
        {
            scenarios.AddRange(isShort ? ["kill9", "smtp-outage", "circuit-crash", "payment"] : known);
        }

        return new HarnessOptions(
            applications ?? (isShort ? 10 : 40),
            isShort,
            scenarios.Distinct().ToList(),
            TimeSpan.FromSeconds(settle ?? (isShort ? 120 : 300)),
            results);
    }

    private static string Value(IReadOnlyList<string> args, int index, string name) =>
        index < args.Count ? args[index] : throw new ArgumentException($"{name} needs a value.\n{Usage}");

    private static int PositiveNumber(IReadOnlyList<string> args, int index, string name) =>
        int.TryParse(Value(args, index, name), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} needs a positive whole number.\n{Usage}");
}
