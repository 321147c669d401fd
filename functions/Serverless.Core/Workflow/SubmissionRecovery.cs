using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow;

/// <summary>
/// No lost submission: a process that dies between storing an application and starting its workflow leaves a
/// "Received" row with no orchestration. This finds such rows (older than a few minutes, so a submission in flight is
/// left alone) and starts their workflow. Run every few minutes by a timer (Functions) or a background loop (local host).
/// </summary>
public sealed partial class SubmissionRecovery(
    StorageClients storage,
    ProcedureCatalog catalog,
    WorkflowStarter starter,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<SubmissionRecovery> logger)
{
    public static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(2);

    public async Task<int> RecoverAsync(DurableTaskClient durable, TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        var olderThan = clock.GetUtcNow() - minimumAge;
        var received = nameof(ApplicationStatus.Received);
        var recovered = 0;
        var rows = storage.Table(StorageNames.ApplicationsTable).QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {ApplicationRecord.RowKeyValue} and Status eq {received}"),
            select: ["PartitionKey", nameof(ApplicationRecord.ProcedureId), nameof(ApplicationRecord.SubmittedAt)],
            cancellationToken: cancellationToken);
        await foreach (var row in rows)
        {
            if (row.GetDateTimeOffset(nameof(ApplicationRecord.SubmittedAt)) is not { } submittedAt || submittedAt > olderThan
                || catalog.Find(row.GetString(nameof(ApplicationRecord.ProcedureId))) is not { } procedure)
            {
                continue;
            }

            if (await starter.StartAsync(durable, procedure, row.PartitionKey, cancellationToken))
            {
                recovered++;
                LogRecovered(row.PartitionKey);
                await audit.RecordAsync(row.PartitionKey, "sys-005-recovered", new AuditEntry(AuditAction.WorkflowRecovered, clock.GetUtcNow(), AuditActors.System, string.Empty), cancellationToken);
            }
        }

        return recovered;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Application {Reference} had no workflow (interrupted submission): started it")]
    private partial void LogRecovered(string reference);
}
