namespace Serverless.Core.Storage;

/// <summary>
/// A queue message's initial invisibility as the timer of a retry: none for "now", at most what Azure Storage accepts
/// (7 days, less a minute of margin). Shared by the queues whose messages are their own retry timers.
/// </summary>
public static class QueueDelays
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    public static TimeSpan? Visibility(TimeSpan delay) => delay <= TimeSpan.Zero ? null : delay > Longest ? Longest : delay;
}
