namespace Serverless.FaultHarness.Scenarios;

/// <summary>
/// The test-only hook <c>Faults__CrashOnceAfter</c>: each named activity throws once per application right after its
/// side effect, so every effect is retried once. Nothing may happen twice.
/// </summary>
public sealed class CrashAfterEffectScenario : Scenario
{
    /// <summary>Every activity with a side effect that version 2 of the workflow runs on an approval.</summary>
    public static readonly IReadOnlyList<string> Activities =
        ["AcknowledgeReceipt", "ValidateApplication", "OpenReviewRound", "SendReviewerEmail", "IssueCertificate", "SendRevocationLink", "NotifyCitizen"];

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
        run.Finding("the harness cannot see from outside whether the hook fired: a pass says nothing was doubled or lost, not that crashes happened (code without the hook ignores the setting)");
    }
}
