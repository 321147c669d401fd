namespace Serverless.Core.Deadlines;

/// <summary>What a correction (a request for missing pieces or changes) does to the decision deadline.</summary>
public enum CorrectionEffect
{
    /// <summary>The deadline stops while the citizen corrects; the days that were left run again from the correction.</summary>
    Suspends,

    /// <summary>
    /// The whole delay runs again from the receipt of the correction: an incomplete application (article L. 114-5 of the
    /// code des relations entre le public et l'administration).
    /// </summary>
    Restarts,
}

/// <summary>
/// A legal deadline as counted: the day the delay runs from (Paris), the last day the text gives, the last day after
/// the extension past a Saturday, Sunday or public holiday, and the end of that day as an exact instant.
/// </summary>
/// <param name="StartDay">The Paris day of the event that makes the delay run; it is not counted.</param>
/// <param name="NominalLastDay">The last day by the period alone (article 641 of the code de procédure civile).</param>
/// <param name="LastDay">The last day once extended to the next working day (article 642, second paragraph).</param>
/// <param name="EndsAt">24:00 Paris time of <paramref name="LastDay"/> (article 642, first paragraph), in UTC.</param>
public sealed record LegalDeadline(DateOnly StartDay, DateOnly NominalLastDay, DateOnly LastDay, DateTimeOffset EndsAt)
{
    public bool Extended => LastDay != NominalLastDay;
}

/// <summary>
/// Counts legal delays the way French law and the administrative courts count them (see docs/DEADLINES.md for the
/// rules and the worked examples this code is tested against): from the Paris day of receipt, that day not counted;
/// months to the same day-number of the last month, or its last day when it has none; to the end of the last day,
/// 24:00 Paris time; extended to the next working day when that day is a Saturday, a Sunday or a public holiday.
/// Pure and deterministic (no clock, no I/O; the time-zone rules are the system's tzdata), so orchestrators use it.
/// </summary>
public static class LegalDeadlines
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The deadline of <paramref name="period"/> counted from an instant of receipt.</summary>
    public static LegalDeadline Compute(DateTimeOffset receivedAt, LegalPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var startDay = ParisDay(receivedAt);
        return Ending(startDay, NominalLastDay(startDay, period));
    }

    /// <summary>
    /// The deadline once a correction arrives. <see cref="CorrectionEffect.Restarts"/>: the whole period again from the
    /// correction's receipt (L. 114-5). <see cref="CorrectionEffect.Suspends"/>: the whole days that were left after the
    /// day the delay stopped run again after the day it resumes, so a suspension of k calendar days moves the last day
    /// by k days (before the weekend and holiday extension, which applies to the final last day only).
    /// </summary>
    public static LegalDeadline AfterCorrection(LegalDeadline running, LegalPeriod period, CorrectionEffect effect, DateTimeOffset suspendedAt, DateTimeOffset correctedAt)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(period);
        if (effect == CorrectionEffect.Restarts)
        {
            return Compute(correctedAt, period);
        }

        var suspendedDay = ParisDay(suspendedAt);
        var resumedDay = ParisDay(correctedAt);
        // Stopped during an extension (after the nominal last day): nothing of the period is left but the extension's
        // own days, which the new last day gets again if it falls on a non-working day.
        var daysLeft = Math.Max(0, running.NominalLastDay.DayNumber - suspendedDay.DayNumber);
        return Ending(running.StartDay, resumedDay.AddDays(daysLeft));
    }

    /// <summary>
    /// Article 641: days are counted from the day after <paramref name="startDay"/>; months end on the same day-number
    /// of the last month, or on its last day when it has no such day (<see cref="DateOnly.AddMonths"/> does exactly that);
    /// a period of months and days counts the months first.
    /// </summary>
    public static DateOnly NominalLastDay(DateOnly startDay, LegalPeriod period)
    {
        ArgumentNullException.ThrowIfNull(period);
        return startDay.AddMonths(period.Months).AddDays(period.Days);
    }

    /// <summary>The Paris calendar day of an instant: the day the law sees, whatever the UTC date.</summary>
    public static DateOnly ParisDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Paris).DateTime);

    /// <summary>00:00 Paris time at the start of <paramref name="day"/>, in UTC (midnight is never skipped nor repeated in Paris).</summary>
    public static DateTimeOffset StartOfParisDay(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, Paris.GetUtcOffset(midnight)).ToUniversalTime();
    }

    private static LegalDeadline Ending(DateOnly startDay, DateOnly nominalLastDay)
    {
        // Article 642: a delay that would end on a Saturday, a Sunday or a public holiday runs to the next working day.
        var lastDay = nominalLastDay;
        while (!FrenchCalendar.IsWorkingDay(lastDay))
        {
            lastDay = lastDay.AddDays(1);
        }

        return new LegalDeadline(startDay, nominalLastDay, lastDay, StartOfParisDay(lastDay.AddDays(1)));
    }
}
