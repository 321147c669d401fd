using System.Globalization;
using Serverless.Platform.Localization;

namespace Serverless.Core.Deadlines;

/// <summary>
/// A deadline as the citizen reads it: the last day and the last minute they can rely on, in Paris time. A legal
/// deadline ends at 24:00, which reads « 16 mai 2027 à 23 h 59 » (“16 May 2027, 11:59 pm (Paris time)”); an instant
/// that is not a midnight (applications of workflow versions 1 to 3, accelerated demo days) reads with its own time.
/// </summary>
public static class DeadlineText
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static string Format(DateTimeOffset endsAt, Language language)
    {
        var local = TimeZoneInfo.ConvertTime(endsAt, Paris).DateTime;
        // The end of a day is the start of the next: show the last minute of the day the citizen counts on.
        var shown = local.TimeOfDay == TimeSpan.Zero ? local.AddMinutes(-1) : new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
        var culture = Text.Culture(language);
        return language == Language.English
            ? string.Create(culture, $"{shown.ToString("d MMMM yyyy", culture)}, {shown.ToString("h:mm tt", CultureInfo.InvariantCulture).ToLowerInvariant()} (Paris time)")
            : string.Create(culture, $"{(shown.Day == 1 ? "1er" : shown.Day.ToString(culture))} {shown.ToString("MMMM yyyy", culture)} à {shown.Hour} h {shown.Minute:00}");
    }
}
