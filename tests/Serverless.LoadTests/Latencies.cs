using System.Collections.Concurrent;

namespace Serverless.LoadTests;

/// <summary>Percentiles of one measured interval (milliseconds), as they go into the report.</summary>
public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }

        double At(double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
        return new LatencySummary(sorted.Length, At(0.50), At(0.95), At(0.99), sorted[^1]);
    }
}

/// <summary>One timed sample: when it ended (seconds since the phase began) and how long it took.</summary>
public sealed record Sample(double AtSeconds, double Milliseconds);

/// <summary>Samples gathered from many tasks at once.</summary>
public sealed class SampleSet
{
    private readonly ConcurrentBag<Sample> samples = [];

    public void Add(double atSeconds, double milliseconds) => samples.Add(new Sample(atSeconds, milliseconds));

    public IReadOnlyList<Sample> All => [.. samples.OrderBy(sample => sample.AtSeconds)];

    public LatencySummary Summary => LatencySummary.Of(samples.Select(sample => sample.Milliseconds));
}

/// <summary>Runs <c>count</c> operations, at most <c>concurrency</c> at once; the rate and each one's latency.</summary>
public static class ClosedLoop
{
    public static async Task<(double PerSecond, SampleSet Samples)> RunAsync(int count, int concurrency, Func<int, Task> operation, Action? afterEach = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var samples = new SampleSet();
        var next = -1;
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var began = System.Diagnostics.Stopwatch.GetTimestamp();
                await operation(index);
                samples.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds, System.Diagnostics.Stopwatch.GetElapsedTime(began).TotalMilliseconds);
                afterEach?.Invoke();
            }
        }));
        return (count / System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds, samples);
    }
}
