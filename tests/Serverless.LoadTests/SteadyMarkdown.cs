using System.Globalization;
using System.Text;

namespace Serverless.LoadTests;

/// <summary>The steady-state part of a report as markdown: the store, the bare orchestration, each window, the verdicts.</summary>
public static class SteadyMarkdown
{
    public static void Render(StringBuilder text, SteadyFigures steady)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(steady);
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("N1", CultureInfo.InvariantCulture) + " s";

        text.AppendLine();
        var store = steady.Store;
        Line($"Store: {store.Applications:N0} decided applications seeded before the run (copies of {store.TemplateApplications} that went through the product), {store.Rows:N0} table rows and {store.Blobs:N0} blobs, in {store.Seconds:F1} s (not measured).");
        if (store.RowsPerTable.Count > 0)
        {
            Line($"Rows per table: {string.Join(", ", store.RowsPerTable.Select(pair => $"{pair.Key} {pair.Value:N0}"))}.");
        }

        if (steady.Bare is { } bare)
        {
            text.AppendLine();
            Line($"Bare orchestration on the same store: {bare.Figures.CompletedPerSecond:F2} completed/s ({bare.Figures.Completed} instances; start → event p95 {Seconds(bare.Figures.StartToEvent.P95)}, event → done p95 {Seconds(bare.Figures.EventToDone.P95)}).");
            CpuTable.Render(text, "CPU over the bare orchestration", bare.Cpu);
        }

        foreach (var step in steady.Steps)
        {
            text.AppendLine();
            Line($"**{step.Rate:0.##} applications/s for {step.Minutes} min** (open loop): {step.Arrivals} arrivals, {step.Accepted} accepted, {step.CompletedInWindow} certified in the window and {step.CompletedAfterWindow} after it, {step.Purged} instances purged; submission → certificate p50 {Seconds(step.SubmitToCertificate.P50)}, p95 {Seconds(step.SubmitToCertificate.P95)}; {step.CompletedPerSecondLastHalf:F2} completed/s over the last half.");
            text.AppendLine();
            // Queue cells: visible now / approximate count (invisible timer messages included), the minute's last sample.
            text.AppendLine("| Minute | Arrivals | Completions | Purged | p50 | p95 | Control queues (visible / all) | Work items | Product queues |");
            text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var minute in step.PerMinute)
            {
                Line($"| {minute.Minute} | {minute.Arrivals} | {minute.Completions} | {minute.Purged} | {Seconds(minute.P50Ms)} | {Seconds(minute.P95Ms)} | {minute.VisibleControl} / {minute.ControlQueues} | {minute.VisibleWorkItems} / {minute.WorkItems} | {minute.VisibleProduct} / {minute.ProductQueues} |");
            }

            var verdict = step.Flatness;
            text.AppendLine();
            Line($"Flat: **{(verdict.Flat ? "yes" : "no")}** — over the last half, completions ÷ arrivals {verdict.KeepUpRatio:F2} (≥ {Flatness.MinKeepUp:F2}), p95 growth {verdict.P95GrowthMs:F0} ms (≤ {verdict.P95GrowthLimitMs:F0} ms), visible queue messages growth {verdict.DepthGrowth:F1} (≤ {verdict.DepthGrowthLimit:F0}){(verdict.Reasons.Count > 0 ? "; " + string.Join("; ", verdict.Reasons) : string.Empty)}.");
            CpuTable.Render(text, "CPU over the window", step.Cpu);
        }

        text.AppendLine();
        if (steady.FindCapacity)
        {
            Line($"Capacity (highest flat rate of the steps): {(steady.CapacityPerSecond is { } capacity ? capacity.ToString("0.##", CultureInfo.InvariantCulture) + " applications/s" : "none of the steps was flat")}.");
        }

        Line($"Product ÷ bare orchestration: {(steady.ProductToBare is { } ratio ? ratio.ToString("F2", CultureInfo.InvariantCulture) : "–")} ({steady.RatioBasis}).");
    }
}
