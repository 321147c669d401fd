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
}
