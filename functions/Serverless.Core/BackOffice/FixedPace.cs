namespace Serverless.Core.BackOffice;

/// <summary>
/// Answers after a fixed time whatever the work does: the work is started off the request path and the answer waits
/// only for the clock, so a slow or failing mail relay cannot make an agent's address answer later than a stranger's.
/// The work must handle its own failures (it is not awaited); if the process stops first, the link is not sent and the
/// agent asks again.
/// </summary>
public static class FixedPace
{
    public static async Task RunAsync(Func<Task> work, TimeSpan answerTime, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(clock);
        var started = clock.GetTimestamp();
        _ = Task.Run(work, CancellationToken.None);
        var remaining = answerTime - clock.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, clock, cancellationToken);
        }
    }
}
