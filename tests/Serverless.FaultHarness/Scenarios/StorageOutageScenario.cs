using System.Globalization;
using Serverless.FaultHarness.Analysis;

namespace Serverless.FaultHarness.Scenarios;

/// <summary>
/// Azurite stopped for 15 s while citizens submit: refusals must be 503 with Retry-After, nothing partial may stay
/// behind, and every accepted application (and every refused one that its citizen files again) must complete.
/// </summary>
public sealed class StorageOutageScenario : Scenario
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(15);

    public override string Name => "storage-outage";

    public override string Description => "Azurite stopped for 15 s during submissions; refused citizens try again with the same Idempotency-Key";

    protected override async Task ExerciseAsync(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var count = run.Settings.Applications;
        var outage = new FaultTrigger(FaultTrigger.Fraction(count, 0.25), async () =>
        {
            await run.Bed.StorageDownAsync();
            await Task.Delay(Outage);
            await run.Bed.StorageUpAsync();
        });

        // Paced so that submissions keep arriving during the whole outage.
        var pace = TimeSpan.FromMilliseconds(Math.Clamp(80_000 / Math.Max(1, count), 200, 2000));
        await run.SubmitAsync(count, concurrency: 4, pace, beforeEach: outage.OnStep);
        await outage.Completion;
        var refused = run.Submissions.Where(submission => submission.Accepted is null).ToList();
        var first = refused.Select(submission => submission.Attempts[0]).ToList();
        run.Check(
            "every refusal is 503 with Retry-After",
            first.All(attempt => attempt.StatusCode == 503 && attempt.RetryAfter is not null),
            string.Create(CultureInfo.InvariantCulture, $"{first.Count} refused: {string.Join(", ", first.GroupBy(attempt => Describe(attempt)).Select(group => $"{group.Count()}× {group.Key}"))}"));

        await run.RestartCrashedHostsAsync();
        await run.RetryRefusedAsync();
        var retried = refused.Count(submission => submission.Accepted is not null);
        run.Finding(string.Create(CultureInfo.InvariantCulture, $"{retried} of {refused.Count} refused citizens got a receipt when they tried again with the same Idempotency-Key"));

        await run.ApproveAllAsync();
        await run.SettleAsync();
        await CheckNothingPartialAsync(run);
    }

    private static string Describe(Product.SubmissionAttempt attempt) => attempt.StatusCode switch
    {
        0 => "no answer",
        503 when attempt.RetryAfter is not null => "503 with Retry-After",
        >= 500 when !attempt.HasBody => $"{attempt.StatusCode} with an empty body",
        _ => $"{attempt.StatusCode}{(attempt.RetryAfter is null ? string.Empty : " with Retry-After")}",
    };

    private static async Task CheckNothingPartialAsync(ScenarioRun run)
    {
        var storage = await StorageSnapshot.ReadAsync(run.Bed.Storage.ConnectionString);
        var given = run.Submissions.Where(submission => submission.Reference is not null).Select(submission => submission.Reference!).ToHashSet(StringComparer.Ordinal);
        var rowsWithoutFiles = storage.ApplicationRows.Where(reference => !storage.AttachmentReferences.Contains(reference)).ToList();
        var filesWithoutRow = storage.AttachmentReferences.Where(reference => !storage.ApplicationRows.Contains(reference)).ToList();
        var rowsNobodyWasGiven = storage.ApplicationRows.Where(reference => !given.Contains(reference)).ToList();
        var acceptedWithoutRow = given.Where(reference => !storage.ApplicationRows.Contains(reference)).ToList();
        run.Check("no application row without its attachment", rowsWithoutFiles.Count == 0, $"{rowsWithoutFiles.Count} {string.Join(", ", rowsWithoutFiles.Take(5))}");
        run.Check("no application row that no citizen was given a receipt for", rowsNobodyWasGiven.Count == 0, $"{rowsNobodyWasGiven.Count} {string.Join(", ", rowsNobodyWasGiven.Take(5))}");
        run.Check("every receipt has its application row", acceptedWithoutRow.Count == 0, $"{acceptedWithoutRow.Count} {string.Join(", ", acceptedWithoutRow.Take(5))}");
        run.Finding($"{filesWithoutRow.Count} attachment folders without an application row (orphan uploads; the sweeper removes them once their start request is older than Recovery__MinimumAge)");
    }
}
