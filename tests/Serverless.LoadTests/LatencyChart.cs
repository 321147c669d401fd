namespace Serverless.LoadTests;

/// <summary>Latency over the run (one point per application and measure), as a PNG beside the JSON report.</summary>
public static class LatencyChart
{
    public static string Save(string path, IReadOnlyList<(string Label, IReadOnlyList<Sample> Samples)> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new ScottPlot.Plot();
        foreach (var (label, samples) in series.Where(item => item.Samples.Count > 0))
        {
            var points = plot.Add.ScatterPoints(samples.Select(sample => sample.AtSeconds).ToArray(), samples.Select(sample => sample.Milliseconds).ToArray());
            points.LegendText = label;
            points.MarkerSize = 3;
        }

        plot.Title("Latency over the run");
        plot.XLabel("seconds since the first submission");
        plot.YLabel("milliseconds");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 1400, 700);
        return path;
    }
}
