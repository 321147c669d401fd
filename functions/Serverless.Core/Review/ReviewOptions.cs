namespace Serverless.Core.Review;

public sealed class ReviewOptions
{
    public const string Section = "Review";

    /// <summary>Comma-separated e-mail addresses of the agents who review applications.</summary>
    public string ReviewerEmails { get; set; } = string.Empty;

    /// <summary>How long to wait for a decision before reminding the reviewers.</summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How many reminders at most; then the workflow keeps waiting without further e-mails.</summary>
    public int MaxReminders { get; set; } = 3;

    /// <summary>How long a review link stays valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(14);

    public IReadOnlyList<string> Reviewers =>
        ReviewerEmails.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
