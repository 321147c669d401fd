using Azure.Data.Tables;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Review;
using Serverless.Core.Workflow;

namespace Serverless.Core.Admission;

/// <summary>
/// Commits an admission in one entity-group transaction (decision 0012) with the receipt's and the checks' audit rows
/// and the acknowledgement's outbox row, then requests the deliveries of what it queued. A run after a crash finds the
/// step committed and only requests the deliveries again.
/// </summary>
public sealed class AdmissionCommit(ApplicationStatusWriter status, EmailOutbox outbox)
{
    /// <summary>
    /// An admission that opens no review round: on the application row the due date, or the rejection (with the due
    /// date) when the checks failed. Version 4's admission (<see cref="AdmitApplicationActivity"/>) commits every
    /// admission this way, version 6's combined step (<see cref="AdmitAndOpenReviewActivity"/>) a rejected one.
    /// </summary>
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

    /// <summary>Version 6: the checks passed, and review round 1 opens in the same transaction (status, audit, each reviewer's e-mail).</summary>
    public async Task CommitWithRoundAsync(
        (LoadedApplication Application, TableEntity Audit, TableEntity Outbox) admission,
        TableEntity checkRow,
        ReviewRoundOpening.Rows opening)
    {
        ArgumentNullException.ThrowIfNull(admission.Application);
        ArgumentNullException.ThrowIfNull(opening);
        var (admitted, received, acknowledgement) = admission;
        List<TableEntity> queued = [acknowledgement, .. opening.Outbox];
        await status.CommitStepAsync(admitted.Reference, admitted.Record, _ => opening.Change, [received, checkRow, opening.Audit], queued, CancellationToken.None);
        await outbox.RequestDeliveriesAsync(queued, CancellationToken.None);
    }
}
