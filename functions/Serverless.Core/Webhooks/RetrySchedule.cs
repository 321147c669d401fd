namespace Serverless.Core.Webhooks;

/// <summary>
/// The Standard Webhooks retry schedule: the first attempt at once, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
/// 14 h, 20 h and 24 h (ten attempts over about three days), each delay with ±10 % jitter so that many deliveries
/// failing together do not all come back at the same second. <c>Webhooks__ScheduleScale</c> shrinks it for tests.
/// </summary>
public static class RetrySchedule
{
    public static readonly IReadOnlyList<TimeSpan> Delays =
    [
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(14),
        TimeSpan.FromHours(20),
        TimeSpan.FromHours(24),
    ];

    /// <summary>Attempts in all, the first one included.</summary>
    public static int MaxAttempts => Delays.Count + 1;

    /// <summary>A <c>Retry-After</c> longer than this is not waited for longer (the schedule's own longest delay).</summary>
    public static readonly TimeSpan LongestRetryAfter = TimeSpan.FromHours(24);

    /// <summary>
    /// The wait after failed attempt number <paramref name="attempt"/> (1-based), or null when it was the last.
    /// A receiver's <c>Retry-After</c> is honoured: the next attempt comes no sooner than it asked (it is not scaled).
    /// </summary>
    public static TimeSpan? After(int attempt, double scale, TimeSpan? retryAfter, double jitter)
    {
        if (attempt < 1 || attempt > Delays.Count)
        {
            return null;
        }

        var scheduled = Delays[attempt - 1] * scale * (1 + ((jitter * 2) - 1) * 0.1);
        if (retryAfter is { } asked && asked > scheduled)
        {
            return asked > LongestRetryAfter ? LongestRetryAfter : asked;
        }

        return scheduled;
    }
}
