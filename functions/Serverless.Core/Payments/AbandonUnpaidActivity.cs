using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Payments;

/// <summary>
/// Closes an application whose price was not paid by its deadline, PayFiP having answered for every attempt (an
/// attempt without an answer is an incident, not this): <see cref="ApplicationStatus.Abandoned"/>, its audit entry and
/// the citizen's e-mail in one entity-group transaction.
/// </summary>
public sealed class AbandonUnpaidActivity(ApplicationLoader loader, PaymentLedger ledger, ApplicationStatusWriter status, AuditTrail audit, EmailOutbox outbox, TimeProvider clock)
{
    public async Task RunAsync(string reference)
    {
        var application = await loader.GetAsync(reference, CancellationToken.None);
        var state = await ledger.ReadAsync(reference, CancellationToken.None);
        var due = state.Due ?? throw new NonRetryableException($"Application {reference} has no payment due to abandon.");
        // The deadline's look closed the debt already; for a look made before it did, closing it here. A payment that
        // settled the debt in between is not abandoned silently: the step fails, and the workflow's incident shows it.
        if (!await ledger.CloseUnpaidAsync(reference, CancellationToken.None))
        {
            throw new InvalidOperationException($"Application {reference}: a payment settled the debt after the deadline's look found none; not abandoned.");
        }

        var queued = await outbox.PrepareQueuedAsync(reference, OutboxSteps.PaymentAbandoned, PaymentEmails.Abandoned(application, due), onSend: null, CancellationToken.None);
        var entry = new AuditEntry(AuditAction.Abandoned, clock.GetUtcNow(), AuditActors.System, $"Montant dû non payé à la date limite (dette {due.DebtReference}) ; {state.Attempts.Count} tentative(s) de paiement, aucune payée");
        await status.CommitStepAsync(reference, application.Record, _ => new StatusChange(ApplicationStatus.Abandoned), [audit.NewRow(reference, AuditSteps.PaymentAbandoned, entry)], [queued], CancellationToken.None);
        await outbox.RequestDeliveriesAsync([queued], CancellationToken.None);
    }
}
