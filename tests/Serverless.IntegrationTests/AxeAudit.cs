using System.Collections.Concurrent;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Serverless.IntegrationTests;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright, WCAG 2.1 A and AA rules) on a page as the browser shows it, plus what axe does
/// not measure at 320 px: no horizontal scroll. Every run's figures are kept and written to
/// <c>axe-figures.md</c> beside the test assemblies (the per-page table of docs/ACCESSIBILITY.md comes from it).
/// </summary>
internal static class AxeAudit
{
    public const int Desktop = 1280;
    public const int Narrow = 320;

    private static readonly ConcurrentDictionary<string, string> Figures = new(StringComparer.Ordinal);

    public static async Task<AxeResult> CheckAsync(IPage page, string name, int width)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var byImpact = result.Violations.GroupBy(violation => violation.Impact ?? "none").ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        string Count(string impact) => byImpact.GetValueOrDefault(impact).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var overflow = width == Narrow ? await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth") : 0;
        Figures[$"{name} | {width}"] = $"| {name} | {width} | {Count("critical")} | {Count("serious")} | {Count("moderate")} | {Count("minor")} | {result.Passes.Length} | {(width == Narrow ? (overflow <= 0 ? "none" : $"{overflow} px") : "–")} |";
        Write();
        var serious = result.Violations.Where(violation => violation.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{name} at {width} px: " + string.Join("; ", serious.Select(violation => $"{violation.Id} ({violation.Impact}): {string.Join(", ", violation.Nodes.Select(node => node.Html))}")));
        if (width == Narrow)
        {
            Assert.True(overflow <= 0, $"{name} scrolls sideways by {overflow} px at 320 px.");
        }

        return result;
    }

    private static void Write()
    {
        var text = new StringBuilder("| Page | Width (px) | Critical | Serious | Moderate | Minor | Rules passed | Horizontal scroll |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var line in Figures.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            text.AppendLine(line.Value);
        }

        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "axe-figures.md"), text.ToString());
    }
}
