namespace Serverless.Core.Retention;

/// <summary>The retention settings (section <c>Retention</c>); the periods themselves are each procedure's <c>retentionMonths</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// For demonstrations and tests: every month of the procedures' retention periods lasts this long. Empty: calendar
    /// months counted from the decision.
    /// </summary>
    public TimeSpan? MonthLength { get; set; }

    /// <summary>How long before the erasure the citizen is warned by e-mail (14 days).</summary>
    public TimeSpan WarningLead { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long the agents' link that confirms a citizen's erasure request stays valid.</summary>
    public TimeSpan ErasureLinkLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a decided application's orchestration instance stays in the task hub (for an operator to look into
    /// it) before it is purged; its erasure purges it at once. 7 days.
    /// </summary>
    public TimeSpan WorkflowPurgeGrace { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The local host's retention loop period (the Functions app's timer runs every hour).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When the personal data of an application decided at <paramref name="decidedAt"/> expires, and when its citizen is warned.</summary>
    public (DateTimeOffset WarnAt, DateTimeOffset EraseAt) Schedule(DateTimeOffset decidedAt, int months)
    {
        var eraseAt = MonthLength is { } month ? decidedAt + (month * months) : decidedAt.AddMonths(months);
        var warnAt = eraseAt - WarningLead;
        return (warnAt < decidedAt ? decidedAt : warnAt, eraseAt);
    }
}
