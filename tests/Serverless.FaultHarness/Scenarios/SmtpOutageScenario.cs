namespace Serverless.FaultHarness.Scenarios;

/// <summary>The SMTP relay down for a while during approvals (3 min; 30 s with --short), then up: every e-mail once.</summary>
public sealed class SmtpOutageScenario : Scenario
{
    public override string Name => "smtp-outage";

    public override string Description => "SMTP relay refuses connections from 30 % of the approvals on (3 min, 30 s with --short), then comes back";

    protected override async Task ExerciseAsync(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var outage = run.Settings.Pick(TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(30));
        await run.SubmitAsync(run.Settings.Applications);
        var down = new FaultTrigger(FaultTrigger.Fraction(run.Accepted.Count, 0.3), async () =>
        {
            run.Bed.RelayDown();
            await Task.Delay(outage);
            run.Bed.RelayUp();
        });
        await run.ApproveAllAsync(down.OnStep);
        await run.Statuses.ObserveUntilAsync(run.Accepted, down.Completion, "relay down");

        await run.SettleAsync();
        StatusTruth.DescribeFault(run, "smtp down", "smtp up");
        StatusTruth.Describe(run);
    }
}
