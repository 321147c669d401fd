namespace Serverless.LoadTests;

/// <summary>The verdict on one steady window and the figures it was decided on.</summary>
public sealed record FlatnessVerdict(
    bool Flat,
    double KeepUpRatio,
    double P95GrowthMs,
    double P95GrowthLimitMs,
    double DepthGrowth,
    double DepthGrowthLimit,
    IReadOnlyList<string> Reasons);

/// <summary>
/// When is a steady window "flat"? Over its last half (the first half lets the pipeline fill: an application takes
/// tens of seconds from submission to certificate, so completions lag arrivals at first), all three of:
/// <list type="number">
/// <item>completions keep up: certificates in the last half ≥ <see cref="MinKeepUp"/> × arrivals in the last half;</item>
/// <item>latency does not climb: the least-squares slope of the submission → certificate p95, taken in
/// <see cref="LatencyBuckets"/> equal slices of the last half, times the half's length, is at most
/// <see cref="MaxP95GrowthShare"/> of the slices' median p95, or <see cref="P95GrowthFloorMs"/> (e-mail times are
/// maildev's, to the second);</item>
/// <item>queues do not fill: the slope of the visible messages of the watched queues (peeked every 5 s, the work
/// waiting to be taken) times the half's length is at most <see cref="MaxBacklogSeconds"/> seconds of arrivals, or
/// <see cref="DepthGrowthFloor"/> messages. Not the approximate counts: each application leaves a message of a
/// durable timer on a control queue, invisible until it is due, so those counts grow with every completion even when
/// nothing waits (seen in the first smoke run: +1 per completed application, none of them visible).</item>
/// </list>
/// A system past its capacity fails (1) or (3) first: work arrives faster than it leaves, so the queues grow linearly
/// and so does the latency.
/// </summary>
public static class Flatness
{
    public const double MinKeepUp = 0.9;
    public const int LatencyBuckets = 4;
    public const double MaxP95GrowthShare = 0.25;
    public const double P95GrowthFloorMs = 2000;
    public const double MaxBacklogSeconds = 5;
    public const double DepthGrowthFloor = 10;

    /// <param name="arrivals">Submission times (seconds into the window) of the applications the product accepted.</param>
    /// <param name="completions">Certificate times (seconds into the window) with each one's submission → certificate latency.</param>
    public static FlatnessVerdict Judge(double windowSeconds, double rate, IReadOnlyList<double> arrivals, IReadOnlyList<(double At, double LatencyMs)> completions, IReadOnlyList<DepthSample> depths)
    {
        ArgumentNullException.ThrowIfNull(arrivals);
        ArgumentNullException.ThrowIfNull(completions);
        ArgumentNullException.ThrowIfNull(depths);
        var half = windowSeconds / 2;
        var reasons = new List<string>();

        var arrived = arrivals.Count(at => at >= half && at < windowSeconds);
        var completed = completions.Count(item => item.At >= half && item.At < windowSeconds);
        var keepUp = arrived == 0 ? 0 : completed / (double)arrived;
        if (keepUp < MinKeepUp)
        {
            reasons.Add($"completions {completed} < {MinKeepUp:P0} of arrivals {arrived} in the last half");
        }

        var slice = half / LatencyBuckets;
        var points = new List<(double X, double Y)>();
        for (var bucket = 0; bucket < LatencyBuckets; bucket++)
        {
            var from = half + (bucket * slice);
            var latencies = completions.Where(item => item.At >= from && item.At < from + slice).Select(item => item.LatencyMs).ToList();
            if (latencies.Count >= 3)
            {
                points.Add((from + (slice / 2), LatencySummary.Of(latencies).P95));
            }
        }

        var p95Growth = points.Count >= 2 ? Slope(points) * half : 0;
        var medianP95 = points.Count > 0 ? points.Select(point => point.Y).Order().ElementAt(points.Count / 2) : 0;
        var p95Limit = Math.Max(MaxP95GrowthShare * medianP95, P95GrowthFloorMs);
        if (points.Count < 2)
        {
            reasons.Add("too few certificates in the last half to fit the p95's slope");
        }
        else if (p95Growth > p95Limit)
        {
            reasons.Add($"p95 grew {p95Growth:F0} ms over the last half (limit {p95Limit:F0} ms)");
        }

        var depthPoints = depths.Where(sample => sample.AtSeconds >= half && sample.AtSeconds <= windowSeconds).Select(sample => (sample.AtSeconds, (double)sample.VisibleTotal)).ToList();
        var depthGrowth = depthPoints.Count >= 2 ? Slope(depthPoints) * half : 0;
        var depthLimit = Math.Max(MaxBacklogSeconds * rate, DepthGrowthFloor);
        if (depthPoints.Count < 2)
        {
            reasons.Add("too few queue samples in the last half");
        }
        else if (depthGrowth > depthLimit)
        {
            reasons.Add($"visible queue messages grew by {depthGrowth:F0} over the last half (limit {depthLimit:F0})");
        }

        return new FlatnessVerdict(reasons.Count == 0, keepUp, p95Growth, p95Limit, depthGrowth, depthLimit, reasons);
    }

    /// <summary>Least-squares slope of y over x.</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var meanX = points.Average(point => point.X);
        var meanY = points.Average(point => point.Y);
        var spread = points.Sum(point => (point.X - meanX) * (point.X - meanX));
        return spread == 0 ? 0 : points.Sum(point => (point.X - meanX) * (point.Y - meanY)) / spread;
    }
}
