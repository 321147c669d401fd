using Azure.Storage.Queues;

namespace Serverless.Platform.Storage;

/// <summary>
/// A queue message's initial invisibility as the timer of a retry: none for "now", at most what Azure Storage accepts
/// (7 days, less a minute of margin). Shared by the queues whose messages are their own retry timers, and the one
/// sender of the product's work messages (<see cref="SendDueAsync"/>).
/// </summary>
public static class QueueDelays
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    public static TimeSpan? Visibility(TimeSpan delay) => delay <= TimeSpan.Zero ? null : delay > Longest ? Longest : delay;

    /// <summary>
    /// Sends a message that never expires (the work it names must not vanish while it waits), invisible for
    /// <paramref name="delay"/> (clamped as above): the one way the product puts work on its queues.
    /// </summary>
    public static Task SendDueAsync(this QueueClient queue, string messageText, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return queue.SendMessageAsync(messageText, Visibility(delay), timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
    }
}
