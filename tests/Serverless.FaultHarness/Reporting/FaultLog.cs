namespace Serverless.FaultHarness.Reporting;

/// <summary>A fault the harness injected (or cleared), when.</summary>
public sealed record FaultEvent(DateTimeOffset At, string Fault, string Detail);

/// <summary>The faults of one scenario, in order, echoed to the console as they happen.</summary>
public sealed class FaultLog(string scenario)
{
    private readonly List<FaultEvent> events = [];

    public IReadOnlyList<FaultEvent> Events
    {
        get
        {
            lock (events)
            {
                return [.. events];
            }
        }
    }

    public void Record(string fault, string detail)
    {
        var entry = new FaultEvent(DateTimeOffset.UtcNow, fault, detail);
        lock (events)
        {
            events.Add(entry);
        }

        Progress.Say(scenario, $"FAULT {fault}: {detail}");
    }
}
