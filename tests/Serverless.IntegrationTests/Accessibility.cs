using System.Text.Json;
using Microsoft.Playwright;

namespace Serverless.IntegrationTests;

/// <summary>
/// axe-core (npm, <c>node_modules/axe-core</c>) run inside the page: no serious or critical violation, at desktop width
/// and at 320 px. The pages' CSP forbids every script, so the context that checks them bypasses it
/// (<see cref="BrowserNewContextOptions.BypassCSP"/>); what the agent's own browser runs is unchanged.
/// </summary>
internal static class Accessibility
{
    public static string RepositoryRoot
    {
        get
        {
            var directory = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(directory, "Serverless.sln")))
            {
                directory = Path.GetDirectoryName(directory.TrimEnd(Path.DirectorySeparatorChar))!;
            }

            return directory;
        }
    }

    private static string AxeScript => Path.Combine(RepositoryRoot, "node_modules", "axe-core", "axe.min.js");

    public static async Task AssertNoSeriousViolationsAsync(IPage page, string what)
    {
        Assert.True(File.Exists(AxeScript), "axe-core is missing: npm ci (.ci/run does).");
        var desktop = page.ViewportSize;
        foreach (var width in new[] { 1280, 320 })
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = AxeScript });
            var violations = await page.EvaluateAsync<JsonElement>(
                """
                async () => {
                  const result = await axe.run(document, { resultTypes: ['violations'] });
                  return result.violations
                    .filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }));
                }
                """);
            Assert.True(violations.GetArrayLength() == 0, $"{what} at {width} px: {violations}");
        }

        if (desktop is not null)
        {
            await page.SetViewportSizeAsync(desktop.Width, desktop.Height);
        }
    }

    /// <summary>Where the tests keep screenshots for people to look at (ignored by git; CI keeps the folder).</summary>
    public static string Artifact(string name)
    {
        var folder = Path.Combine(RepositoryRoot, "artifacts", "backoffice");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}
