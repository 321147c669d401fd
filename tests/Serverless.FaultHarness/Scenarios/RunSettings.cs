namespace Serverless.FaultHarness.Scenarios;

/// <summary>How big and how long: applications per scenario, short mode, time allowed to finish after the faults.</summary>
public sealed record RunSettings(int Applications, bool IsShort, TimeSpan SettleTimeout, string CodeVersion)
{
    /// <summary>A fault duration: the short one with --short.</summary>
    public TimeSpan Pick(TimeSpan full, TimeSpan shortened) => IsShort ? shortened : full;
}
