using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Workflow;

namespace Serverless.Core.Storage;

/// <summary>What a step wants the status to become, and the columns that change with it.</summary>
public sealed record StatusChange(ApplicationStatus To, IReadOnlyDictionary<string, object?> Columns)
{
    public StatusChange(ApplicationStatus to)
        : this(to, new Dictionary<string, object?>())
    {
    }
}

/// <summary>
/// The only code that changes an application's status, used only by the workflow's activities. It reads the row,
/// checks the transition against <see cref="StatusTransitions"/>, and writes with the row's ETag, so two writers
/// never overwrite each other unseen (a conflict reads again). A transition not allowed is refused, audited and
/// raised as <see cref="IllegalTransitionException"/>: never silently applied.
/// </summary>
public sealed partial class ApplicationStatusWriter(
    StorageClients storage,
    AuditTrail audit,
    TimeProvider clock,
    IEnumerable<IStatusChangeObserver> observers,
    ILogger<ApplicationStatusWriter> logger)
{
    private const int MaxConflicts = 8;

    private readonly TableClient table = storage.Table(StorageNames.ApplicationsTable);

    public Task<ApplicationStatus> TransitionAsync(string reference, ApplicationStatus to, CancellationToken cancellationToken) =>
        TransitionAsync(reference, _ => new StatusChange(to), cancellationToken);

    public Task<ApplicationStatus> TransitionAsync(string reference, ApplicationStatus to, IReadOnlyDictionary<string, object?> columns, CancellationToken cancellationToken) =>
        TransitionAsync(reference, _ => new StatusChange(to, columns), cancellationToken);

    /// <summary>
    /// As <see cref="TransitionAsync(string, ApplicationStatus, IReadOnlyDictionary{string, object?}, CancellationToken)"/>,
    /// starting from the record the step has just read instead of reading it again: the write is conditional on that
    /// record's ETag, so if anything wrote the row since, the write is refused (412) and the row is read as usual.
    /// </summary>
    public Task<ApplicationStatus> TransitionAsync(ApplicationRecord known, ApplicationStatus to, IReadOnlyDictionary<string, object?> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(known);
        return TransitionFromAsync(known.Reference, known.ToEntity(), _ => new StatusChange(to, columns), cancellationToken);
    }

    /// <summary>Applies the change that <paramref name="decide"/> picks from the current row; returns the status before.</summary>
    public Task<ApplicationStatus> TransitionAsync(string reference, Func<TableEntity, StatusChange> decide, CancellationToken cancellationToken) =>
        TransitionFromAsync(reference, known: null, decide, cancellationToken);

    private async Task<ApplicationStatus> TransitionFromAsync(string reference, TableEntity? known, Func<TableEntity, StatusChange> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decide);
        for (var attempt = 0; attempt < MaxConflicts; attempt++)
        {
            var row = attempt == 0 && known is not null
                ? known
                : (await table.GetEntityAsync<TableEntity>(reference, ApplicationRecord.RowKeyValue, cancellationToken: cancellationToken)).Value;
            var from = Enum.Parse<ApplicationStatus>(row.GetString(nameof(ApplicationRecord.Status)));
            var change = decide(row);
            if (!StatusTransitions.IsAllowed(from, change.To))
            {
                await audit.RecordAsync(
                    reference,
                    AuditSteps.TransitionRefused(from.ToString(), change.To.ToString()),
                    new AuditEntry(AuditAction.TransitionRefused, clock.GetUtcNow(), AuditActors.System, $"{from} → {change.To}"),
                    cancellationToken);
                LogRefused(reference, from, change.To);
                throw new IllegalTransitionException($"Application {reference}: {from} → {change.To} is not an allowed transition.");
            }

            var entity = new TableEntity(reference, ApplicationRecord.RowKeyValue) { [nameof(ApplicationRecord.Status)] = change.To.ToString() };
            foreach (var (name, value) in change.Columns)
            {
                entity[name] = value;
            }

            try
            {
                await table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Merge, cancellationToken);
                foreach (var (name, value) in entity)
                {
                    row[name] = value;
                }

                await NotifyObserversAsync(new StatusChanged(reference, from, change.To, row, clock.GetUtcNow()), cancellationToken);
                return from;
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                // Someone wrote the row since it was read (a correction's values, an index): read it again.
            }
        }

        throw new InvalidOperationException($"Application {reference}: the row kept changing during {MaxConflicts} attempts to update its status.");
    }

    /// <summary>
    /// Observers run after every successful write, including a step that runs twice (from == to), so one that failed
    /// the first time catches up on the retry: that is why they must be idempotent. They run at the same time: each
    /// writes rows of its own and only reads the row. A failure propagates to the activity, which the workflow
    /// retries and, past its retries, turns into an incident.
    /// </summary>
    private Task NotifyObserversAsync(StatusChanged changed, CancellationToken cancellationToken) =>
        Task.WhenAll(observers.Select(observer => observer.OnStatusChangedAsync(changed, cancellationToken)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application {Reference}: status change {From} → {To} refused")]
    private partial void LogRefused(string reference, ApplicationStatus from, ApplicationStatus to);
}
