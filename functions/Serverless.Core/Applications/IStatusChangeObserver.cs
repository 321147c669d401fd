using Azure.Data.Tables;

namespace Serverless.Core.Applications;

/// <summary>A status write that succeeded: the row as it now stands, and the status it had before.</summary>
public sealed record StatusChanged(string Reference, ApplicationStatus From, ApplicationStatus To, TableEntity Row, DateTimeOffset At)
{
    /// <summary>True when the step ran again and the status did not move (a retry after a crash).</summary>
    public bool IsRepeat => From == To;

    /// <summary>
    /// True when this change may be the first the observers see since the submission was stored: the first move out
    /// of Received, the end of an incident, or a repeat (the step ran again, perhaps because an observer failed after
    /// the write; a step whose retries ran out goes through an incident, whose end is covered too). A fact keyed on the
    /// submission is written only then: on any other change it is already there, and its insert would answer 409.
    /// </summary>
    public bool MayBeFirstSinceSubmission => From is ApplicationStatus.Received or ApplicationStatus.Incident || IsRepeat;

    /// <summary>As <see cref="MayBeFirstSinceSubmission"/>, or the first move after a correction (which may have replaced the files).</summary>
    public bool MayBeFirstSinceFilesChanged => MayBeFirstSinceSubmission || From == ApplicationStatus.ChangesRequested;
}

/// <summary>
/// Something that must follow every status change (index rows, statistics, outbound events), written by the same code
/// that changes the status so they never disagree. Called by <see cref="ApplicationStatusWriter"/> after the write,
/// and again when the step is retried: an implementation must be idempotent (deterministic keys, conditional inserts).
/// </summary>
public interface IStatusChangeObserver
{
    Task OnStatusChangedAsync(StatusChanged changed, CancellationToken cancellationToken);
}
