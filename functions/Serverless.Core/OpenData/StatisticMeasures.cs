namespace Serverless.Core.OpenData;

/// <summary>
/// The counters of the published statistics. "Decided" is a decision on the merits (approved + rejected, explicit or
/// implicit); a withdrawal or an abandonment ends an application without one. Each counts in the month it happened
/// (submissions in the month of submission), and processing time is measured on decided applications.
/// </summary>
public static class StatisticMeasures
{
    public const string Submitted = nameof(Submitted);
    public const string Decided = nameof(Decided);
    public const string Approved = nameof(Approved);
    public const string Rejected = nameof(Rejected);
    public const string Implicit = nameof(Implicit);
    public const string Withdrawn = nameof(Withdrawn);
    public const string Abandoned = nameof(Abandoned);
    public const string ChangesRequested = nameof(ChangesRequested);

    public static readonly IReadOnlyList<string> All = [Submitted, Decided, Approved, Rejected, Implicit, Withdrawn, Abandoned, ChangesRequested];
}
