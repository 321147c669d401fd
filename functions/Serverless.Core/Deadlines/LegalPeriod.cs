using System.Globalization;
using Serverless.Platform.Localization;

namespace Serverless.Core.Deadlines;

/// <summary>
/// A delay as a text of law states it: in calendar months, in days, or both ("un mois et quinze jours"; months are
/// counted first, then days, as article 641 of the code de procédure civile says). Kept apart from any instant so the
/// catalogue, the workflow input and the pages all carry the same period.
/// </summary>
public sealed record LegalPeriod(int Months, int Days)
{
    /// <summary>The days a month counts for where only a length will do (accelerated demo days, approximate figures).</summary>
    public const int NominalDaysPerMonth = 30;

    public static LegalPeriod OfMonths(int months) => new(months, 0);

    public static LegalPeriod OfDays(int days) => new(0, days);

    public bool IsValid => Months >= 0 && Days >= 0 && Months + Days > 0;

    /// <summary>
    /// A length in days for what cannot count calendar months: the accelerated days of a demo (<c>Review__DayLength</c>)
    /// and the old integer field. Two months are 60 days, as the catalogue said before months existed.
    /// </summary>
    public int NominalDays => (Months * NominalDaysPerMonth) + Days;

    /// <summary>"2 mois", "15 jours", "1 mois et 15 jours"; "2 months", "15 days".</summary>
    public string Describe(Language language)
    {
        var culture = CultureInfo.InvariantCulture;
        var french = language != Language.English;
        var months = Months == 0 ? null : string.Create(culture, $"{Months} {(french ? "mois" : Months == 1 ? "month" : "months")}");
        var days = Days == 0 ? null : string.Create(culture, $"{Days} {(french ? (Days == 1 ? "jour" : "jours") : (Days == 1 ? "day" : "days"))}");
        return (months, days) switch
        {
            ({ } m, { } d) => m + (french ? " et " : " and ") + d,
            ({ } m, null) => m,
            (null, { } d) => d,
            _ => string.Empty,
        };
    }

    public override string ToString() => Describe(Language.English);
}
