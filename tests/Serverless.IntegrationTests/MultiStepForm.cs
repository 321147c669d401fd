using Microsoft.Playwright;

namespace Serverless.IntegrationTests;

/// <summary>What a person does on a multi-step form: fill the fields of the page, continue, until "check your answers".</summary>
internal static class MultiStepForm
{
    public static async Task FillStepsAsync(IPage page, IReadOnlyDictionary<string, string> values, string? proofOfAddress)
    {
        for (var steps = 0; steps < 10; steps++)
        {
            if (await page.Locator("h1").TextContentAsync() is "Vérifier vos réponses" or "Check your answers")
            {
                return;
            }

            await FillPageAsync(page, values, proofOfAddress);
            // Each step answers at an address of its own (303 to ?step=n, or the step again with its errors): wait for
            // the new page's address and its DOM in one call. Not WaitUntil = Commit: when the new address is already
            // current as the wait begins, Playwright waits for a load state instead, and in one CI run that wait saw
            // only "NetworkIdle" and timed out after 30 s.
            var before = page.Url;
            await page.Locator("button[value='next']").ClickAsync();
            await page.WaitForURLAsync(url => url != before, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
            var summary = page.Locator("#error-summary");
            Assert.True(await summary.CountAsync() == 0, await summary.CountAsync() == 0 ? string.Empty : await summary.InnerTextAsync());
        }

        Assert.Fail("The check-your-answers page never came.");
    }

    public static async Task FillPageAsync(IPage page, IReadOnlyDictionary<string, string> values, string? proofOfAddress)
    {
        foreach (var (name, value) in values)
        {
            var field = page.Locator($"[name='{name}']:not([type='hidden'])");
            if (await field.CountAsync() == 0)
            {
                continue;
            }

            if (await field.EvaluateAsync<string>("element => element.tagName") == "SELECT")
            {
                await field.SelectOptionAsync(value);
            }
            else
            {
                await field.FillAsync(value);
            }
        }

        if (proofOfAddress is not null && await page.Locator("[name='proofOfAddress']").CountAsync() > 0)
        {
            await page.Locator("[name='proofOfAddress']").SetInputFilesAsync(proofOfAddress);
        }
    }
}
