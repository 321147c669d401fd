using System.Globalization;

namespace Serverless.FaultHarness.Scenarios;

/// <summary>What the citizens' pages said while the workflow caught up: "Approved" without a certificate, and for how long.</summary>
public static class StatusTruth
{
    public static void Describe(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var waits = new List<TimeSpan>();
        foreach (var submission in run.Accepted)
        {
            var timeline = run.Statuses.Timeline(submission.Reference!);
            for (var index = 0; index < timeline.Count; index++)
            {
                if (timeline[index] is { Status: "Approved", HasCertificate: false } seen)
                {
                    var until = index + 1 < timeline.Count ? timeline[index + 1].FirstSeenAt : DateTimeOffset.UtcNow;
                    waits.Add(until - seen.FirstSeenAt);
                }
            }
        }

        if (waits.Count > 0)
        {
            run.Finding(string.Create(CultureInfo.InvariantCulture, $"{waits.Count} status pages said \"Approved\" with no certificate for a while (longest {waits.Max().TotalSeconds:F0} s, median {waits.Order().ElementAt(waits.Count / 2).TotalSeconds:F0} s)"));
        }

        var statuses = run.Accepted.SelectMany(submission => run.Statuses.Timeline(submission.Reference!)).Select(seen => seen.Status).Distinct().Order(StringComparer.Ordinal);
        run.Finding("statuses seen on the citizens' pages: " + string.Join(", ", statuses));
    }

    /// <summary>"Approved(no certificate) (38), Incident (12)": how many pages showed each status at some time between the two instants.</summary>
    public static string During(ScenarioRun run, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(run);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var submission in run.Accepted)
        {
            var timeline = run.Statuses.Timeline(submission.Reference!);
            var shown = new HashSet<string>(StringComparer.Ordinal);
            for (var index = 0; index < timeline.Count; index++)
            {
                var start = timeline[index].FirstSeenAt;
                var end = index + 1 < timeline.Count ? timeline[index + 1].FirstSeenAt : DateTimeOffset.MaxValue;
                if (start < to && end > from)
                {
                    shown.Add(timeline[index] is { Status: "Approved", HasCertificate: false } ? "Approved(no certificate)" : timeline[index].Status);
                }
            }

            foreach (var label in shown)
            {
                counts[label] = counts.GetValueOrDefault(label) + 1;
            }
        }

        return counts.Count == 0 ? "nothing read" : string.Join(", ", counts.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key} ({pair.Value})"));
    }

    /// <summary>Adds a finding with what the pages showed while the fault named by its two log entries lasted.</summary>
    public static void DescribeFault(ScenarioRun run, string down, string up)
    {
        ArgumentNullException.ThrowIfNull(run);
        var events = run.Bed.Faults.Events;
        var from = events.FirstOrDefault(entry => entry.Fault == down)?.At;
        var to = events.LastOrDefault(entry => entry.Fault == up)?.At;
        if (from is { } start && to is { } end)
        {
            run.Finding(string.Create(CultureInfo.InvariantCulture, $"while {down} ({(end - start).TotalSeconds:F0} s) the citizens' pages showed: {During(run, start, end)}"));
        }
    }
}
