namespace Serverless.Core.Review;

/// <summary>
/// Deployment-wide overrides of the procedures' review settings. Empty by default: each procedure's definition
/// decides. A test or demo deployment sets them to route every review to one mailbox or to shorten delays.
/// </summary>
public sealed class ReviewOptions
{
    public const string Section = "Review";

    /// <summary>Comma-separated addresses that review every application instead of the procedures' reviewers.</summary>
    public string ReviewerEmails { get; set; } = string.Empty;

    /// <summary>
    /// For demonstrations and tests: every day of the procedures' delays (reminders, escalation, legal deadline,
    /// corrections) lasts this long, and weekends and holidays are ignored. Empty: real days, French calendar.
    /// </summary>
    public TimeSpan? DayLength { get; set; }

    /// <summary>Replaces every procedure's number of reminders.</summary>
    public int? MaxReminders { get; set; }

    /// <summary>How long a review link stays valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(14);

    public IReadOnlyList<string> ReviewerOverride =>
        ReviewerEmails.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
