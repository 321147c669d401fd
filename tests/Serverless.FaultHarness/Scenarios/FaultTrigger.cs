namespace Serverless.FaultHarness.Scenarios;

/// <summary>Starts a fault (inject, last, clear) in the background once the n-th step of a workload is done.</summary>
public sealed class FaultTrigger(int at, Func<Task> fault)
{
    private readonly Lock gate = new();
    private Task? running;

    public bool Fired
    {
        get
        {
            lock (gate)
            {
                return running is not null;
            }
        }
    }

    /// <summary>The fault's whole course; completed at once when it never fired.</summary>
    public Task Completion
    {
        get
        {
            lock (gate)
            {
                return running ?? Task.CompletedTask;
            }
        }
    }

    public static int Fraction(int count, double fraction) => Math.Clamp((int)Math.Round(count * fraction), 1, Math.Max(1, count));

    public Task OnStep(int done)
    {
        lock (gate)
        {
            if (done >= at && running is null)
            {
                running = Task.Run(fault);
            }
        }

        return Task.CompletedTask;
    }
}
