namespace Serverless.Core.Deadlines;

/// <summary>
/// How the workflow turns the definition's days into instants. Real deployments count working days on the French
/// calendar and calendar days for legal deadlines; a demo or a test sets <see cref="DayLength"/> (the
/// <c>Review__DayLength</c> setting) and every day, working or not, lasts that long.
/// </summary>
public sealed record WorkflowClock(TimeSpan? DayLength)
{
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, double days) =>
        DayLength is { } length ? start + (length * days) : FrenchCalendar.AddWorkingDays(start, (int)Math.Ceiling(days));

    public DateTimeOffset AddCalendarDays(DateTimeOffset start, double days) =>
        DayLength is { } length ? start + (length * days) : start.AddDays(days);
}
