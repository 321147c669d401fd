using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Submission;
using Serverless.Core.Workflow;
using Serverless.Platform.Localization;

namespace Serverless.Core.Payments;

/// <summary>
/// The workflow's look at the payment, when PayFiP notified an attempt, on its poll, and at the deadline: reads back
/// from PayFiP every attempt still open (<see cref="PaymentRecorder"/>). Paid: the receipt is made once and e-mailed,
/// with the audit entry, in one entity-group transaction (a second run finds the audit row and sends nothing twice).
/// PayFiP unreachable: the activity fails, and the workflow retries it (then opens an incident), never concluding
/// "not paid" from silence. At the deadline, when PayFiP answered for every attempt and none paid, the debt is closed
/// (<see cref="PaymentLedger.CloseUnpaidAsync"/>) before the workflow abandons the application: a payment recorded in
/// between settled it, and this look answers paid after all; one recorded after is flagged for refund.
/// </summary>
public sealed class SettlePaymentActivity(
    ApplicationLoader loader,
    PaymentRecorder recorder,
    PaymentLedger ledger,
    PaymentReceipts receipts,
    ApplicationStatusWriter status,
    AuditTrail audit,
    EmailOutbox outbox,
    FaultInjection faults,
    TimeProvider clock)
{
    public async Task<PaymentCheckResult> RunAsync(PaymentCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var application = await loader.GetAsync(check.Reference, CancellationToken.None);
        var state = await recorder.ReconcileAsync(application, idOp: null, CancellationToken.None);
        if (state is { Paid: false, Due: not null })
        {
            if (!check.AtDeadline || state.Open.Count > 0 || await ledger.CloseUnpaidAsync(check.Reference, CancellationToken.None))
            {
                return new PaymentCheckResult(null, state.Open.Count);
            }

            state = await ledger.ReadAsync(check.Reference, CancellationToken.None);
        }

        if (state is not { Paid: true, Due: { } due, Settling: { } paid })
        {
            return new PaymentCheckResult(null, state.Open.Count);
        }

        var receipt = await receipts.EnsureAsync(application, due, paid, CancellationToken.None);
        var queued = await outbox.PrepareQueuedAsync(application.Reference, OutboxSteps.PaymentReceipt, PaymentEmails.Received(application, due, paid, receipt), onSend: null, CancellationToken.None);
        var entry = new AuditEntry(AuditAction.PaymentReceived, clock.GetUtcNow(), AuditActors.System, $"{PaymentEmails.Euros(due.AmountInCents, Language.French)} payés le {ApplicationSummary.DateTime(paid.TransactionTime ?? paid.CreatedAt, Language.French)} (autorisation {paid.TransactionNumber}, opération PayFiP {paid.IdOp})");
        await status.CommitStepAsync(application.Reference, application.Record, decide: null, [audit.NewRow(application.Reference, AuditSteps.PaymentReceived, entry)], [queued], CancellationToken.None);
        await outbox.RequestDeliveriesAsync([queued], CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.SettlePayment, application.Reference);
        return new PaymentCheckResult(paid.IdOp, 0);
    }
}
