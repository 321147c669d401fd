namespace Serverless.FaultHarness.Scenarios;

/// <summary>Two local hosts on one task hub behind one address; one is killed under load and never comes back.</summary>
public sealed class TwoHostsScenario : Scenario
{
    public override string Name => "two-hosts";

    public override string Description => "two local hosts on one task hub; kill -9 of one after 40 % of the approvals, the other must finish everything";

    protected override int HostCount => 2;

    protected override async Task ExerciseAsync(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        await run.SubmitAsync(run.Settings.Applications);
        var victim = run.Bed.Hosts[0];
        var kill = new FaultTrigger(FaultTrigger.Fraction(run.Accepted.Count, 0.4), () => run.Bed.KillHostAsync(victim));
        await run.ApproveAllAsync(kill.OnStep);
        await kill.Completion;
        await run.SettleAsync();
        StatusTruth.Describe(run);
    }
}
