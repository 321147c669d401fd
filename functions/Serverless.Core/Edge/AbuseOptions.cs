namespace Serverless.Core.Edge;

/// <summary>
/// Deployment-wide settings of the abuse limits. The limits themselves come from each commune's catalogue entry
/// (<see cref="Procedures.AbuseLimits"/>); these overrides exist for tests and load runs.
/// </summary>
public sealed class AbuseOptions
{
    public const string Section = "Abuse";

    /// <summary>Replaces every commune's submissions per client address per hour.</summary>
    public int? SubmissionsPerAddressPerHour { get; set; }

    /// <summary>Replaces every commune's submissions per recipient address per day.</summary>
    public int? SubmissionsPerRecipientPerDay { get; set; }

    /// <summary>
    /// E-mails that someone else asked the service to send to one address (a draft's resume link), per commune and
    /// day: a bucket of its own, so that nobody can use up the address's own submissions by mailing it links.
    /// </summary>
    public int LinksPerRecipientPerDay { get; set; } = 3;

    /// <summary>Resume links one client address (IPv6: its /64) may have e-mailed per commune and hour.</summary>
    public int LinksPerClientPerHour { get; set; } = 10;

    /// <summary>Different addresses one draft's resume link may be e-mailed to, over the draft's life.</summary>
    public int LinkRecipientsPerDraft { get; set; } = 3;

    /// <summary>A form posted sooner than this after it was shown was not filled in by a person.</summary>
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a shown form may wait before it is posted.</summary>
    public TimeSpan MaximumFormAge { get; set; } = TimeSpan.FromDays(1);
}
