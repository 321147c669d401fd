namespace Serverless.FaultHarness.Scenarios;

/// <summary><c>kill -9</c> of the local host during approvals, restarted a few seconds later.</summary>
public sealed class Kill9Scenario : Scenario
{
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(4);

    public override string Name => "kill9";

    public override string Description => "kill -9 of the local host after 40 % of the approvals, restarted 4 s later";

    protected override async Task ExerciseAsync(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        await run.SubmitAsync(run.Settings.Applications);
        var host = run.Bed.Hosts[0];
        var kill = new FaultTrigger(FaultTrigger.Fraction(run.Accepted.Count, 0.4), async () =>
        {
            await run.Bed.KillHostAsync(host);
            await Task.Delay(Down);
            await run.Bed.RestartHostAsync(host);
        });
        await run.ApproveAllAsync(kill.OnStep);
        await kill.Completion;
        await run.SettleAsync();
        StatusTruth.Describe(run);
    }
}
