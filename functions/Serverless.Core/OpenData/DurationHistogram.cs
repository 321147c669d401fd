using System.Globalization;
using System.Text.Json;

namespace Serverless.Core.OpenData;

/// <summary>
/// Processing times of one aggregate, kept whole (minutes → how many) so the median and the 90th percentile are exact
/// at minute resolution (the published figures are days with two decimals, 14.4 minutes), and the histograms of
/// several procedures merge into the month's total exactly. A small commune makes a few dozen decisions a month per
/// procedure; a table property holds 32K characters, about 2,500 distinct minute values.
/// </summary>
public sealed class DurationHistogram
{
    private readonly SortedDictionary<long, long> counts;

    public DurationHistogram()
        : this(new SortedDictionary<long, long>())
    {
    }

    private DurationHistogram(SortedDictionary<long, long> counts)
    {
        this.counts = counts;
    }

    public long Count => counts.Values.Sum();

    public DurationHistogram With(long minutes)
    {
        var copy = new SortedDictionary<long, long>(counts);
        copy[minutes] = copy.GetValueOrDefault(minutes) + 1;
        return new DurationHistogram(copy);
    }

    public static DurationHistogram Merge(IEnumerable<DurationHistogram> histograms)
    {
        ArgumentNullException.ThrowIfNull(histograms);
        var merged = new SortedDictionary<long, long>();
        foreach (var histogram in histograms)
        {
            foreach (var (minutes, count) in histogram.counts)
            {
                merged[minutes] = merged.GetValueOrDefault(minutes) + count;
            }
        }

        return new DurationHistogram(merged);
    }

    /// <summary>The median in minutes (mean of the two middle values for an even count); null when empty.</summary>
    public double? Median() => Count == 0 ? null : (ValueAt((Count - 1) / 2) + ValueAt(Count / 2)) / 2.0;

    /// <summary>The 90th percentile in minutes, nearest-rank method (the smallest value with at least 90 % at or below it).</summary>
    public double? Percentile90() => Count == 0 ? null : ValueAt((long)Math.Ceiling(0.9 * Count) - 1);

    /// <summary>The value at a 0-based rank in sorted order.</summary>
    private long ValueAt(long rank)
    {
        var seen = 0L;
        foreach (var (minutes, count) in counts)
        {
            seen += count;
            if (rank < seen)
            {
                return minutes;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(rank));
    }

    public string ToJson() => JsonSerializer.Serialize(counts.ToDictionary(pair => pair.Key.ToString(CultureInfo.InvariantCulture), pair => pair.Value));

    public static DurationHistogram FromJson(string? json)
    {
        var parsed = string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [];
        return new DurationHistogram(new SortedDictionary<long, long>(parsed.ToDictionary(pair => long.Parse(pair.Key, CultureInfo.InvariantCulture), pair => pair.Value)));
    }
}
