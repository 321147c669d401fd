namespace Serverless.Core.Drafts;

/// <summary>Settings of drafts (section <c>Drafts</c>).</summary>
public sealed class DraftOptions
{
    public const string Section = "Drafts";

    /// <summary>Days before deletion at which the holder is reminded (the 7 days).</summary>
    public const int ReminderDaysBeforeDeletion = 7;

    /// <summary>For demos and tests: every day of a draft's lifetime lasts this long (null: real days).</summary>
    public TimeSpan? DayLength { get; set; }

    /// <summary>How often the local host's twin of the SweepDrafts timer runs (the Functions timer: every 15 minutes).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan Days(int days) => (DayLength ?? TimeSpan.FromDays(1)) * days;
}
