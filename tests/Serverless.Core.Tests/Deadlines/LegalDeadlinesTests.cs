using Serverless.Core.Deadlines;
using Serverless.Platform.Localization;

namespace Serverless.Core.Tests.Deadlines;

public sealed class LegalDeadlinesTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static DateTimeOffset ParisTime(int year, int month, int day, int hour, int minute)
    {
        var wall = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(wall, Paris.GetUtcOffset(wall)).ToUniversalTime();
    }

    [Fact]
    public void Compute_EveryDayOfFiveYearsForTwoMonths_KeepsTheRulesOfArticles641And642()
    {
        // Properties, not values: the worked examples of docs/DEADLINES.md pin the values.
        for (var day = new DateOnly(2026, 1, 1); day < new DateOnly(2031, 1, 1); day = day.AddDays(1))
        {
            var received = ParisTime(day.Year, day.Month, day.Day, 23, 30);

            var deadline = LegalDeadlines.Compute(received, LegalPeriod.OfMonths(2));

            var target = day.AddMonths(2);
            var sameNumberOrMonthEnd = deadline.NominalLastDay.Day == day.Day
                || (deadline.NominalLastDay.Day < day.Day && deadline.NominalLastDay.AddDays(1).Day == 1);
            Assert.True(sameNumberOrMonthEnd && deadline.NominalLastDay.Month == target.Month, $"{day}: {deadline.NominalLastDay}");
            Assert.True(FrenchCalendar.IsWorkingDay(deadline.LastDay), $"{day}: ends on {deadline.LastDay:dddd}");
            for (var between = deadline.NominalLastDay; between < deadline.LastDay; between = between.AddDays(1))
            {
                Assert.False(FrenchCalendar.IsWorkingDay(between), $"{day}: extended past the working day {between}");
            }

            Assert.Equal(TimeSpan.Zero, TimeZoneInfo.ConvertTime(deadline.EndsAt, Paris).TimeOfDay);
            Assert.Equal(deadline.LastDay.AddDays(1), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(deadline.EndsAt, Paris).DateTime));
        }
    }

    [Fact]
    public void Compute_DaysPeriod_DoesNotCountTheDayOfReceipt()
    {
        var deadline = LegalDeadlines.Compute(ParisTime(2027, 4, 20, 0, 1), LegalPeriod.OfDays(1));

        Assert.Equal(new DateOnly(2027, 4, 21), deadline.LastDay);
    }

    [Theory]
    [InlineData(Language.French, "18 mai 2027 à 23 h 59")]
    [InlineData(Language.English, "18 May 2027, 11:59 pm (Paris time)")]
    public void Format_EndOfALegalDay_ShowsTheLastMinuteOfThatDay(Language language, string expected)
    {
        Assert.Equal(expected, DeadlineText.Format(new DateTimeOffset(2027, 5, 18, 22, 0, 0, TimeSpan.Zero), language));
    }

    [Theory]
    [InlineData(Language.French, "1er décembre 2026 à 14 h 05")]
    [InlineData(Language.English, "1 December 2026, 2:05 pm (Paris time)")]
    public void Format_InstantOfAnEarlierVersion_ShowsItsOwnParisTime(Language language, string expected)
    {
        // Versions 1 to 3 stored N × 24 h from the start: 13:05:40 UTC in winter is 14:05 in Paris.
        Assert.Equal(expected, DeadlineText.Format(new DateTimeOffset(2026, 12, 1, 13, 5, 40, TimeSpan.Zero), language));
    }

    [Theory]
    [InlineData(2, 0, "2 mois", "2 months")]
    [InlineData(1, 0, "1 mois", "1 month")]
    [InlineData(0, 15, "15 jours", "15 days")]
    [InlineData(1, 15, "1 mois et 15 jours", "1 month and 15 days")]
    public void Describe_Period_NamesItAsTheTextStatesIt(int months, int days, string french, string english)
    {
        var period = new LegalPeriod(months, days);

        Assert.Equal(french, period.Describe(Language.French));
        Assert.Equal(english, period.Describe(Language.English));
    }

    [Fact]
    public void Start_WithDayLength_KeepsTheAcceleratedArithmeticFromTheReceipt()
    {
        var received = new DateTimeOffset(2027, 3, 16, 9, 0, 0, TimeSpan.Zero);

        var deadline = DecisionDeadline.Start(LegalPeriod.OfMonths(2), TimeSpan.FromSeconds(4), received);

        Assert.Equal(received.AddSeconds(60 * 4), deadline.EndsAt);
        Assert.Null(deadline.Legal);
    }

    [Theory]
    [InlineData(CorrectionEffect.Suspends, 4 * 60 - 10 + 100)]
    [InlineData(CorrectionEffect.Restarts, 4 * 60 + 100)]
    public void AfterCorrection_WithDayLength_ResumesOrRestartsByArithmetic(CorrectionEffect effect, int expectedSecondsAfterReceipt)
    {
        var received = new DateTimeOffset(2027, 3, 16, 9, 0, 0, TimeSpan.Zero);
        var deadline = DecisionDeadline.Start(LegalPeriod.OfMonths(2), TimeSpan.FromSeconds(4), received);

        // Requested 10 s after receipt, corrected 100 s after receipt.
        var after = deadline.AfterCorrection(LegalPeriod.OfMonths(2), TimeSpan.FromSeconds(4), effect, received.AddSeconds(10), received.AddSeconds(100));

        Assert.Equal(received.AddSeconds(expectedSecondsAfterReceipt), after.EndsAt);
    }

    [Fact]
    public void AfterCorrection_CorrectionRecordedBeforeTheRequest_NeverShortensTheDeadline()
    {
        var received = ParisTime(2027, 3, 9, 10, 0);
        var deadline = DecisionDeadline.Start(LegalPeriod.OfMonths(2), null, received);

        var after = deadline.AfterCorrection(LegalPeriod.OfMonths(2), null, CorrectionEffect.Suspends, ParisTime(2027, 3, 22, 14, 0), ParisTime(2027, 3, 21, 9, 0));

        Assert.Equal(deadline.EndsAt, after.EndsAt);
    }
}
