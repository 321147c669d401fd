namespace Serverless.Core.Deadlines;

/// <summary>
/// The date in Paris, the communes' own: a birth date typed at 00:30 in Paris is not "in the future" because the
/// server's clock (UTC in Azure) still says yesterday, and one typed at 23:30 UTC is not accepted a day early.
/// </summary>
public static class ParisToday
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateOnly Of(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Paris).DateTime);
    }
}
