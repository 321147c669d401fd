namespace Serverless.Core.Http.Edge;

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

    /// <summary>A form posted sooner than this after it was shown was not filled in by a person.</summary>
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a shown form may wait before it is posted.</summary>
    public TimeSpan MaximumFormAge { get; set; } = TimeSpan.FromDays(1);
}
