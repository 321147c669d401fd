using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.FaultHarness.Reporting;

/// <summary>Writes a scenario's JSON and prints its summary.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<string> WriteAsync(ScenarioReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, report.Scenario + ".json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, Json));
        return path;
    }

    public static void PrintSummary(ScenarioReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"==== {report.Scenario}: {(report.Passed ? "PASS" : "FAIL")} ({report.DurationSeconds:F0} s, code {report.CodeVersion})"),
            string.Create(CultureInfo.InvariantCulture, $"  applications: {report.ApplicationsRequested} filed, {report.Submissions.Accepted} accepted; first answers: {Join(report.Submissions.FirstAnswers)}"),
            $"  final states: {Join(report.FinalStates)}",
            string.Create(CultureInfo.InvariantCulture, $"  lost: {report.Lost}   duplicates: {report.Duplicates}   signed twice: {report.SignedTwice}   paid twice: {report.PaidTwice}   copies sharing a Message-Id: {report.SameMessageIdCopies}"),
            $"  timings (s): {string.Join(", ", report.TimingsSeconds.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value:F1}")))}",
        };
        lines.AddRange(report.Faults.Select(fault => string.Create(CultureInfo.InvariantCulture, $"  fault {fault.At:HH:mm:ss} {fault.Fault}: {fault.Detail}")));
        lines.AddRange(report.Checks.Select(check => $"  check {(check.Passed ? "ok  " : "FAIL")} {check.Name}: {check.Detail}"));
        lines.AddRange(report.Findings.Select(finding => $"  finding: {finding}"));
        foreach (var application in report.Applications.Where(application => application.Lost.Count > 0).Take(15))
        {
            lines.Add($"  LOST {application.Reference}: {string.Join("; ", application.Lost)}");
        }

        foreach (var application in report.Applications.Where(application => application.Duplicates.Count > 0).Take(15))
        {
            lines.Add($"  DUPLICATE {application.Reference}: {string.Join("; ", application.Duplicates)}");
        }

        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }

    private static string Join(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key} {pair.Value}"));
}
