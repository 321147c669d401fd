using Serverless.Core.Procedures;

namespace Serverless.Core.OpenData;

/// <summary>
/// Turns a commune's month aggregates into what is published: per month one row per procedure and one total row,
/// with <see cref="StatisticalSecrecy"/> applied to the counts, and the processing times (days, two decimals) shown
/// only when at least threshold decisions stand behind them.
/// </summary>
public static class StatisticsTable
{
    public static PublishedStatistics Build(CommuneDefinition commune, ProcedureCatalog catalog, IReadOnlyList<MonthAggregate> aggregates, DateOnly publishedOn, string schemaUrl)
    {
        ArgumentNullException.ThrowIfNull(commune);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(aggregates);
        var threshold = commune.SecrecyThreshold;
        var rows = new List<PublishedRow>();
        foreach (var month in aggregates.GroupBy(aggregate => aggregate.Month).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            var parts = month.OrderBy(aggregate => aggregate.ProcedureId, StringComparer.Ordinal).ToList();
            var counts = parts.Select(part => Counts(part.Counters)).ToList();
            counts.Add(StatisticMeasures.All.ToDictionary(measure => measure, measure => counts.Sum(row => row[measure]), StringComparer.Ordinal));
            var durations = parts.Select(part => part.Durations).ToList();
            durations.Add(DurationHistogram.Merge(durations));
            var hidden = StatisticalSecrecy.Suppress(counts, threshold);
            for (var index = 0; index < counts.Count; index++)
            {
                var isTotal = index == parts.Count;
                var procedureId = isTotal ? PublishedStatistics.AllProcedures : parts[index].ProcedureId;
                var title = isTotal ? "Toutes les démarches" : catalog.Find(procedureId)?.Title.Fr ?? procedureId;
                rows.Add(Row(month.Key, procedureId, title, counts[index], durations[index], hidden, index, threshold));
            }
        }

        return new PublishedStatistics(commune.Name, commune.Siren ?? string.Empty, commune.Siret ?? string.Empty, commune.Id, publishedOn, threshold, schemaUrl, rows);
    }

    private static Dictionary<string, long> Counts(IReadOnlyDictionary<string, long> counters) =>
        StatisticMeasures.All.ToDictionary(measure => measure, measure => counters.GetValueOrDefault(measure), StringComparer.Ordinal);

    private static PublishedRow Row(string month, string procedureId, string title, Dictionary<string, long> counts, DurationHistogram durations, IReadOnlySet<Cell> hidden, int index, int threshold)
    {
        var suppressed = PublishedStatistics.Columns.Where(column => hidden.Contains(new Cell(index, column.Measure))).Select(column => column.Column).ToList();
        var values = PublishedStatistics.Columns.ToDictionary(
            column => column.Column,
            column => hidden.Contains(new Cell(index, column.Measure)) ? (long?)null : counts[column.Measure],
            StringComparer.Ordinal);
        double? median = null, p90 = null;
        if (durations.Count >= threshold)
        {
            median = Days(durations.Median());
            p90 = Days(durations.Percentile90());
        }
        else if (durations.Count > 0)
        {
            suppressed.Add(PublishedStatistics.MedianColumn);
            suppressed.Add(PublishedStatistics.Percentile90Column);
        }

        return new PublishedRow(month, procedureId, title, values, median, p90, suppressed);
    }

    private static double? Days(double? minutes) => minutes is { } value ? Math.Round(value / 1440.0, 2, MidpointRounding.AwayFromZero) : null;
}
