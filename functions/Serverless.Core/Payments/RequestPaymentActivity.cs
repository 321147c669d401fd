using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Payments.PayFip;
using Serverless.Core.Submission;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;
using Serverless.Platform.Localization;

namespace Serverless.Core.Payments;

/// <summary>
/// Asks the citizen to pay the procedure's price: computed here from the application's values (never taken from a
/// client), recorded as the debt (régie, year, debt reference, amount, label, deadline), and the application moved to
/// <see cref="ApplicationStatus.AwaitingPayment"/> with its audit entry and the e-mail carrying the payment link, in one
/// entity-group transaction. Null when the values make it free (no status change, no e-mail). A second run finds the
/// debt and the audit row and changes nothing.
/// </summary>
public sealed class RequestPaymentActivity(
    ApplicationLoader loader,
    PaymentLedger ledger,
    ApplicationStatusWriter status,
    AuditTrail audit,
    EmailOutbox outbox,
    CitizenAccessCodes accessCodes,
    IOptions<PublicUrlOptions> urls,
    FaultInjection faults,
    TimeProvider clock)
{
    public async Task<PaymentDueNotice?> RunAsync(PaymentDemand demand)
    {
        ArgumentNullException.ThrowIfNull(demand);
        var application = await loader.GetAsync(demand.Reference, CancellationToken.None);
        if (application.Procedure.Payment is not { } payment)
        {
            return null;
        }

        var amount = payment.Price.AmountFor(application.Values);
        if (amount <= 0)
        {
            return null;
        }

        var regie = application.Commune.Regie(payment.RegieId)
            ?? throw new NonRetryableException($"The commune {application.Commune.Id} has no régie {payment.RegieId}.");
        var now = clock.GetUtcNow();
        var due = await ledger.PutDueAsync(demand.Reference, new PaymentDue(
            regie.Id,
            regie.ClientNumber,
            Deadlines.LegalDeadlines.ParisDay(now).Year,
            DebtReference(demand.Reference),
            amount,
            PaymentLabel.Normalize(ApplicationSummary.Fill(payment.Label.In(Language.French), application.Procedure, application.Values, Language.French)),
            now + (payment.DeadlineDays * demand.DayLength),
            demand.Moment), CancellationToken.None);

        var code = accessCodes.For(application.Reference, application.Record.AccessKeyId);
        var message = PaymentEmails.Due(application, due, urls.Value.Api(Routes.PaymentPath(application.Procedure.Id, application.Reference, code)));
        var queued = await outbox.PrepareQueuedAsync(application.Reference, OutboxSteps.PaymentDue, message, onSend: null, CancellationToken.None);
        var entry = new AuditEntry(AuditAction.PaymentRequested, now, AuditActors.System, $"{PaymentEmails.Euros(due.AmountInCents, Language.French)} dus à la {regie.Name} (dette {due.DebtReference}) avant le {ApplicationSummary.DateTime(due.DueAt, Language.French)}");
        await status.CommitStepAsync(
            application.Reference,
            application.Record,
            _ => new StatusChange(ApplicationStatus.AwaitingPayment),
            [audit.NewRow(application.Reference, AuditSteps.PaymentRequested, entry)],
            [queued],
            CancellationToken.None);
        await outbox.RequestDeliveriesAsync([queued], CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.RequestPayment, application.Reference);
        return new PaymentDueNotice(due.AmountInCents, due.DueAt);
    }

    /// <summary>PayFiP's refdet (6 to 30 letters and digits): the application's reference without its dashes, the same for every attempt.</summary>
    public static string DebtReference(string reference) => reference.Replace("-", string.Empty, StringComparison.Ordinal);
}
