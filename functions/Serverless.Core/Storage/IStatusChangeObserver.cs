using Azure.Data.Tables;
using Serverless.Core.Applications;

namespace Serverless.Core.Storage;

/// <summary>A status write that succeeded: the row as it now stands, and the status it had before.</summary>
public sealed record StatusChanged(string Reference, ApplicationStatus From, ApplicationStatus To, TableEntity Row, DateTimeOffset At)
{
    /// <summary>True when the step ran again and the status did not move (a retry after a crash).</summary>
    public bool IsRepeat => From == To;
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
