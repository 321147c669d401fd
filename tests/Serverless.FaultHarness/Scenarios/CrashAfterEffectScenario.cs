using System.Globalization;

namespace Serverless.FaultHarness.Scenarios;

/// <summary>
/// The test-only hook <c>Faults__CrashOnceAfter</c>: each named activity throws once per application right after its
/// side effect, so every effect is retried once. Nothing may happen twice.
/// </summary>
public sealed class CrashAfterEffectScenario : Scenario
{
    /// <summary>
    /// Every activity with a side effect that version 6 of the workflow runs on an approval (<c>IssueCertificate</c> is
    /// the certificate's part of <c>ApproveApplication</c>: after its transaction, before the deliveries are requested),
    /// and the e-mail dispatcher (<c>SendEmail</c>: after the relay accepted an e-mail and the outbox and audit recorded it).
    /// </summary>
    public static readonly IReadOnlyList<string> Activities =
        ["AdmitAndOpenReview", "IssueCertificate", "ApproveApplication", "SendEmail"];

    public override string Name => "crash-after-effect";

    public override string Description => "every activity throws once per application right after its side effect (Faults__CrashOnceAfter)";

    protected override IReadOnlyCollection<string> CrashOnceAfter =>
        Environment.GetEnvironmentVariable("FAULTS_CRASH_ONCE_AFTER") is { Length: > 0 } names
            ? names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : Activities;

    protected override async Task ExerciseAsync(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Bed.Faults.Record("crash once after", string.Join(",", CrashOnceAfter));
        await run.SubmitAsync(run.Settings.Applications);
        await run.ApproveAllAsync();
        await run.SettleAsync();
        CheckTheHookFired(run, CrashOnceAfter);
    }

    /// <summary>The hook writes one log line per crash: count them, so a pass also says the crashes happened.</summary>
    public static void CheckTheHookFired(ScenarioRun run, IReadOnlyCollection<string> activities)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(activities);
        var accepted = run.Accepted.Count;
        foreach (var activity in activities)
        {
            // The hook's own lines only (its log category): the dispatcher's warning quotes the same words, and its stack trace names the hook.
            var fired = run.Bed.LogLines($"Injected crash after the side effect of {activity} ").Count(line => line.Contains("Workflow.FaultInjection[", StringComparison.Ordinal));
            run.Check($"the hook fired after {activity} for every application", accepted > 0 && fired >= accepted, string.Create(CultureInfo.InvariantCulture, $"{fired} crashes for {accepted} applications"));
        }
    }
}
