namespace Serverless.Core.Applications;

/// <summary>
/// The one place that knows which status may follow which. The workflow's activities change status only through
/// <see cref="Applications.ApplicationStatusWriter"/>, which asks here first: a transition not listed is refused and audited.
/// </summary>
public static class StatusTransitions
{
    private static readonly Dictionary<ApplicationStatus, ApplicationStatus[]> Allowed = new()
    {
        [ApplicationStatus.Received] = [ApplicationStatus.UnderReview, ApplicationStatus.AwaitingPayment, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn, ApplicationStatus.Incident],
        [ApplicationStatus.UnderReview] = [ApplicationStatus.ChangesRequested, ApplicationStatus.Approved, ApplicationStatus.AwaitingSignature, ApplicationStatus.AwaitingPayment, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn, ApplicationStatus.Incident],
        // The agent approved; the signed decision approves (or the citizen withdraws first).
        [ApplicationStatus.AwaitingSignature] = [ApplicationStatus.Approved, ApplicationStatus.AwaitingPayment, ApplicationStatus.Withdrawn, ApplicationStatus.Incident],
        // Paid before review (then under review) or after the approval (then approved); unpaid at the deadline, abandoned.
        [ApplicationStatus.AwaitingPayment] = [ApplicationStatus.UnderReview, ApplicationStatus.Approved, ApplicationStatus.Abandoned, ApplicationStatus.Withdrawn, ApplicationStatus.Incident],
        [ApplicationStatus.ChangesRequested] = [ApplicationStatus.UnderReview, ApplicationStatus.Abandoned, ApplicationStatus.Withdrawn, ApplicationStatus.Incident],
        // An incident ends where the workflow goes next, whatever the step was.
        [ApplicationStatus.Incident] = [ApplicationStatus.Received, ApplicationStatus.UnderReview, ApplicationStatus.ChangesRequested, ApplicationStatus.AwaitingSignature, ApplicationStatus.AwaitingPayment, ApplicationStatus.Approved, ApplicationStatus.Rejected, ApplicationStatus.Withdrawn, ApplicationStatus.Abandoned],
        [ApplicationStatus.Approved] = [],
        [ApplicationStatus.Rejected] = [],
        [ApplicationStatus.Withdrawn] = [],
        [ApplicationStatus.Abandoned] = [],
    };

    /// <summary>True when <paramref name="to"/> may follow <paramref name="from"/>; staying in the same status is always allowed (a step that runs twice).</summary>
    public static bool IsAllowed(ApplicationStatus from, ApplicationStatus to) =>
        from == to || Allowed[from].Contains(to);
}
