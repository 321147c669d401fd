using System.Globalization;
using Serverless.Core.Deadlines;
using Serverless.Platform.Localization;

namespace Serverless.Core.Tests.Deadlines;

/// <summary>
/// The worked examples of docs/DEADLINES.md, read from the document itself and checked row by row (each row is a test
/// case named by its first column), so that the page the communes read and the code that counts cannot disagree.
/// </summary>
public sealed class LegalDeadlinesDocTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static TheoryData<string, string> WorkedExamples => Rows("worked-examples");

    public static TheoryData<string, string> CorrectionExamples => Rows("correction-examples");

    [Theory]
    [MemberData(nameof(WorkedExamples))]
    public void Compute_WorkedExample_MatchesTheDocument(string example, string row)
    {
        var cells = Cells(row, 9, example);
        var received = ParisMinute(cells[1]);
        Assert.Equal(Utc(cells[2]), received);

        var deadline = LegalDeadlines.Compute(received, Period(cells[3]));

        Assert.Equal(Day(cells[4]), deadline.NominalLastDay);
        var (lastDay, endsAt) = EndOfDay(cells[5]);
        Assert.Equal(lastDay, deadline.LastDay);
        Assert.Equal(endsAt, deadline.EndsAt);
        Assert.Equal(Utc(cells[6]), deadline.EndsAt);
        Assert.Equal(cells[7], DeadlineText.Format(deadline.EndsAt, Language.French));
    }

    [Theory]
    [MemberData(nameof(CorrectionExamples))]
    public void AfterCorrection_WorkedExample_MatchesTheDocument(string example, string row)
    {
        var cells = Cells(row, 10, example);
        var period = Period(cells[2]);
        var effect = cells[3] switch
        {
            "suspends" => CorrectionEffect.Suspends,
            "restarts" => CorrectionEffect.Restarts,
            var other => throw new FormatException($"{example}: unknown correction effect '{other}'"),
        };
        var running = LegalDeadlines.Compute(ParisMinute(cells[1]), period);

        var deadline = LegalDeadlines.AfterCorrection(running, period, effect, ParisMinute(cells[4]), ParisMinute(cells[5]));

        Assert.Equal(Day(cells[6]), deadline.NominalLastDay);
        var (lastDay, endsAt) = EndOfDay(cells[7]);
        Assert.Equal(lastDay, deadline.LastDay);
        Assert.Equal(endsAt, deadline.EndsAt);
        Assert.Equal(Utc(cells[8]), deadline.EndsAt);
    }

    [Fact]
    public void WorkedExamples_Document_CoverEveryCaseTheIssueAsksFor()
    {
        var cases = WorkedExamples.Select(row => (string)row[0]).ToList();

        // Receipt on 31 December (leap and non-leap February), 30/31-day month ends, midnight, both DST changes,
        // Saturday, Sunday, Easter Monday, 14 July on a Sunday, 1 May / 8 May, a delay in days.
        Assert.Superset(
            new HashSet<string>(["plain-two-months", "dec-31-non-leap", "dec-31-leap", "month-31-exists", "month-31-missing", "late-evening", "just-after-midnight", "spring-dst", "autumn-dst", "saturday", "sunday", "easter-monday", "july-14-on-sunday", "may-1-friday", "may-8-friday", "days-15"]),
            new HashSet<string>(cases));
        Assert.Equal(cases.Count, cases.Distinct().Count());
        Assert.Contains(CorrectionExamples, row => ((string)row[1]).Contains("| suspends |", StringComparison.Ordinal));
        Assert.Contains(CorrectionExamples, row => ((string)row[1]).Contains("| restarts |", StringComparison.Ordinal));
    }

    /// <summary>
    /// The table as the code computes it, row by row beside the document's answer, written to
    /// <c>deadline-table.txt</c> next to the test assembly (CI keeps it; the issue's closing note quotes it).
    /// </summary>
    [Fact]
    public void WorkedExamples_ComputedByTheCode_AreWrittenOutAndAllAgree()
    {
        var lines = new List<string> { "example | received (Paris) | period | last day | ends (UTC) | as written | agrees" };
        var disagreements = 0;
        foreach (var row in WorkedExamples)
        {
            var (example, cells) = ((string)row[0], Cells((string)row[1], 9, (string)row[0]));
            var deadline = LegalDeadlines.Compute(ParisMinute(cells[1]), Period(cells[3]));
            var agrees = deadline.LastDay == EndOfDay(cells[5]).LastDay && deadline.EndsAt == Utc(cells[6]) && DeadlineText.Format(deadline.EndsAt, Language.French) == cells[7];
            disagreements += agrees ? 0 : 1;
            lines.Add($"{example} | {cells[1]} | {cells[3]} | {deadline.LastDay:ddd yyyy-MM-dd} | {deadline.EndsAt.UtcDateTime:yyyy-MM-dd HH:mm}Z | {DeadlineText.Format(deadline.EndsAt, Language.French)} | {(agrees ? "yes" : "NO")}");
        }

        foreach (var row in CorrectionExamples)
        {
            var (example, cells) = ((string)row[0], Cells((string)row[1], 10, (string)row[0]));
            var period = Period(cells[2]);
            var effect = cells[3] == "restarts" ? CorrectionEffect.Restarts : CorrectionEffect.Suspends;
            var deadline = LegalDeadlines.AfterCorrection(LegalDeadlines.Compute(ParisMinute(cells[1]), period), period, effect, ParisMinute(cells[4]), ParisMinute(cells[5]));
            var agrees = deadline.LastDay == EndOfDay(cells[7]).LastDay && deadline.EndsAt == Utc(cells[8]);
            disagreements += agrees ? 0 : 1;
            lines.Add($"{example} | {cells[1]}, asked {cells[4]}, corrected {cells[5]} | {cells[2]} {cells[3]} | {deadline.LastDay:ddd yyyy-MM-dd} | {deadline.EndsAt.UtcDateTime:yyyy-MM-dd HH:mm}Z | | {(agrees ? "yes" : "NO")}");
        }

        lines.Add($"{lines.Count - 1} rows, {disagreements} disagreeing");
        File.WriteAllLines(Path.Combine(AppContext.BaseDirectory, "deadline-table.txt"), lines);

        Assert.Equal(0, disagreements);
    }

    /// <summary>The rows of the table between <c>&lt;!-- name:begin --&gt;</c> and <c>&lt;!-- name:end --&gt;</c>, header and rule excluded.</summary>
    private static TheoryData<string, string> Rows(string table)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "DEADLINES.md"));
        var begin = text.IndexOf($"<!-- {table}:begin -->", StringComparison.Ordinal);
        var end = text.IndexOf($"<!-- {table}:end -->", StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs/DEADLINES.md has no {table} table");
        var rows = new TheoryData<string, string>();
        foreach (var line in text[begin..end].Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith('|')).Skip(2))
        {
            rows.Add(line.Split('|', StringSplitOptions.TrimEntries)[1], line);
        }

        return rows;
    }

    private static string[] Cells(string row, int count, string example)
    {
        var cells = row.Split('|', StringSplitOptions.TrimEntries)[1..^1];
        Assert.True(cells.Length == count, $"{example}: {cells.Length} cells, {count} expected");
        return cells;
    }

    /// <summary>"Tue 2027-03-09": the date, whose day name must be right too.</summary>
    private static DateOnly Day(string text)
    {
        var parts = text.Split(' ');
        var day = DateOnly.ParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.True(day.DayOfWeek.ToString()[..3] == parts[0], $"{parts[1]} is a {day.DayOfWeek}, not '{parts[0]}'");
        return day;
    }

    /// <summary>"Tue 2027-03-09 10:00", Paris wall-clock time.</summary>
    private static DateTimeOffset ParisMinute(string text)
    {
        var day = Day(text[..14]);
        var time = TimeOnly.ParseExact(text[15..], "HH:mm", CultureInfo.InvariantCulture);
        var wall = day.ToDateTime(time, DateTimeKind.Unspecified);
        return new DateTimeOffset(wall, Paris.GetUtcOffset(wall)).ToUniversalTime();
    }

    /// <summary>"Fri 2027-03-26 24:00": the end of that day, i.e. 00:00 Paris time of the next.</summary>
    private static (DateOnly LastDay, DateTimeOffset EndsAt) EndOfDay(string text)
    {
        Assert.EndsWith(" 24:00", text, StringComparison.Ordinal);
        var day = Day(text[..14]);
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return (day, new DateTimeOffset(midnight, Paris.GetUtcOffset(midnight)).ToUniversalTime());
    }

    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>"2 months", "1 month", "15 days", "1 month 15 days".</summary>
    private static LegalPeriod Period(string text)
    {
        int months = 0, days = 0;
        var words = text.Split(' ');
        for (var i = 0; i < words.Length; i += 2)
        {
            var value = int.Parse(words[i], CultureInfo.InvariantCulture);
            switch (words[i + 1])
            {
                case "month" or "months":
                    months = value;
                    break;
                case "day" or "days":
                    days = value;
                    break;
                default:
                    throw new FormatException($"Unknown unit in period '{text}'");
            }
        }

        return new LegalPeriod(months, days);
    }
}
