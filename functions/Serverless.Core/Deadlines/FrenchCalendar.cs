namespace Serverless.Core.Deadlines;

/// <summary>
/// Working days in France: Monday to Friday, except the eleven public holidays, computed for any year (Easter by the
/// anonymous Gregorian algorithm; Easter Monday, Ascension and Whit Monday follow it). Pure and deterministic, so the
/// orchestrator may use it.
/// </summary>
public static class FrenchCalendar
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    public static IReadOnlyList<DateOnly> PublicHolidays(int year)
    {
        var easter = EasterSunday(year);
        return
        [
            new(year, 1, 1),
            easter.AddDays(1),   // lundi de Pâques
            new(year, 5, 1),
            new(year, 5, 8),
            easter.AddDays(39),  // Ascension
            easter.AddDays(50),  // lundi de Pentecôte
            new(year, 7, 14),
            new(year, 8, 15),
            new(year, 11, 1),
            new(year, 11, 11),
            new(year, 12, 25),
        ];
    }

    public static bool IsWorkingDay(DateOnly day) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !PublicHolidays(day.Year).Contains(day);

    /// <summary>
    /// The same time of day, <paramref name="workingDays"/> working days later (Paris calendar): Friday 10:00 plus one
    /// working day is Monday 10:00, or Tuesday when Monday is Easter Monday.
    /// </summary>
    public static DateTimeOffset AddWorkingDays(DateTimeOffset start, int workingDays)
    {
        var local = TimeZoneInfo.ConvertTime(start, Paris);
        var day = DateOnly.FromDateTime(local.DateTime);
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        var wallClock = day.ToDateTime(TimeOnly.FromDateTime(local.DateTime));
        return new DateTimeOffset(wallClock, Paris.GetUtcOffset(wallClock)).ToUniversalTime();
    }
}
