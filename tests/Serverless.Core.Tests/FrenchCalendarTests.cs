using Serverless.Core.Deadlines;

namespace Serverless.Core.Tests;

public sealed class FrenchCalendarTests
{
    private static DateTimeOffset Paris(int year, int month, int day, int hour) =>
        new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero).AddHours(-TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris").GetUtcOffset(new DateTime(year, month, day, hour, 0, 0)).TotalHours);

    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2026, 4, 5)]
    [InlineData(2027, 3, 28)]
    [InlineData(2038, 4, 25)]
    public void EasterSunday_KnownYears_IsRight(int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), FrenchCalendar.EasterSunday(year));
    }

    [Fact]
    public void PublicHolidays_2026_IncludeTheMovableFeasts()
    {
        var holidays = FrenchCalendar.PublicHolidays(2026);

        Assert.Contains(new DateOnly(2026, 4, 6), holidays);   // lundi de Pâques
        Assert.Contains(new DateOnly(2026, 5, 14), holidays);  // Ascension
        Assert.Contains(new DateOnly(2026, 5, 25), holidays);  // lundi de Pentecôte
        Assert.Equal(11, holidays.Count);
    }

    [Fact]
    public void AddWorkingDays_FromFriday_SkipsTheWeekend()
    {
        Assert.Equal(Paris(2026, 11, 30, 10), FrenchCalendar.AddWorkingDays(Paris(2026, 11, 27, 10), 1));
    }

    [Fact]
    public void AddWorkingDays_BeforeEasterMonday_SkipsItToo()
    {
        // Thursday 2 April 2026 + 2 working days: Friday 3, (weekend, Easter Monday 6) Tuesday 7.
        Assert.Equal(Paris(2026, 4, 7, 9), FrenchCalendar.AddWorkingDays(Paris(2026, 4, 2, 9), 2));
    }

    [Fact]
    public void AddWorkingDays_AcrossAscensionAndWhitMonday_SkipsBoth()
    {
        // Wednesday 13 May 2026 + 5 working days: 15, 18, 19, 20, 21 (14 Ascension; 16-17 weekend).
        Assert.Equal(Paris(2026, 5, 21, 14), FrenchCalendar.AddWorkingDays(Paris(2026, 5, 13, 14), 5));
        // Friday 22 May + 1: Tuesday 26 (25 is Whit Monday).
        Assert.Equal(Paris(2026, 5, 26, 14), FrenchCalendar.AddWorkingDays(Paris(2026, 5, 22, 14), 1));
    }

    [Fact]
    public void AddWorkingDays_AcrossDaylightSavingChange_KeepsTheWallClockTime()
    {
        // Friday 27 March 2026 10:00 (UTC+1) + 1 working day = Monday 30 March 10:00 (UTC+2).
        var monday = FrenchCalendar.AddWorkingDays(Paris(2026, 3, 27, 10), 1);

        Assert.Equal(new DateTimeOffset(2026, 3, 30, 8, 0, 0, TimeSpan.Zero), monday);
    }

    [Fact]
    public void AddWorkingDays_AcrossChristmasAndNewYear_SkipsBoth()
    {
        // Wednesday 24 December 2025 + 3: 26, 29, 30 (25 Christmas).
        Assert.Equal(Paris(2025, 12, 30, 11), FrenchCalendar.AddWorkingDays(Paris(2025, 12, 24, 11), 3));
    }

    [Fact]
    public void WorkflowClock_WithDayLength_CountsEveryDayAsThatLong()
    {
        var clock = new WorkflowClock(TimeSpan.FromSeconds(2));
        var start = Paris(2026, 11, 27, 10);

        Assert.Equal(start.AddSeconds(6), clock.AddWorkingDays(start, 3));
        Assert.Equal(start.AddSeconds(120), clock.AddCalendarDays(start, 60));
    }
}
