using Azure.Data.Tables;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Admission;

/// <summary>
/// Commits an admission that opens no review round, in one entity-group transaction (decision 0012): the receipt's
/// and the checks' audit rows, the acknowledgement's outbox row and, on the application row, the due date — or the
/// rejection, with the due date, when the checks failed — then requests the acknowledgement's delivery. Version 4's
/// admission (<see cref="AdmitApplicationActivity"/>) commits every admission this way; version 6's combined step
/// (<see cref="AdmitAndOpenReviewActivity"/>) only a rejected one, since a passed one opens round 1 in its transaction.
/// A run after a crash finds the step committed and only requests the delivery again.
/// </summary>
public sealed class AdmissionCommit(ApplicationStatusWriter status, EmailOutbox outbox)
{
    public async Task CommitAsync(
        (LoadedApplication Application, TableEntity Audit, TableEntity Outbox) admission,
        (ValidationOutcome Outcome, TableEntity AuditRow, StatusChange? Rejection) check,
        DateTimeOffset decisionDueAt)
    {
        ArgumentNullException.ThrowIfNull(admission.Application);
        var (admitted, received, acknowledgement) = admission;
        var rejection = check.Rejection;
        await status.CommitStepAsync(
            admitted.Reference,
            admitted.Record,
            rejection is null ? null : _ => rejection with { DecisionDueAt = decisionDueAt },
            [received, check.AuditRow],
            [acknowledgement],
            CancellationToken.None,
            columns: [new(nameof(ApplicationRecord.DecisionDueAt), decisionDueAt)]);
        await outbox.RequestDeliveriesAsync([acknowledgement], CancellationToken.None);
    }
}
