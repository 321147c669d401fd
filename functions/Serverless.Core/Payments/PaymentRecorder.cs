using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Payments.PayFip;

namespace Serverless.Core.Payments;

/// <summary>
/// Reads back from PayFiP what became of an application's attempts and records it (<see cref="PaymentLedger"/>). Every
/// path that learns of a payment comes here — PayFiP's notification, the citizen's return from PayFiP, the workflow's
/// poll while it waits, the sweep of forgotten attempts — and they converge: the result is always PayFiP's answer to
/// recupererDetailPaiementSecurise, never what a request says, and recording is idempotent. A result PayFiP recorded
/// for another régie, year, debt or amount is not counted (logged as a mismatch, left for a person).
/// </summary>
public sealed partial class PaymentRecorder(IPayFipGateway payFip, PaymentLedger ledger, ILogger<PaymentRecorder> logger)
{
    /// <summary>
    /// Asks PayFiP about every attempt still open (or only <paramref name="idOp"/>, when named) and records the answers.
    /// Throws <see cref="PayFipException"/> when PayFiP cannot answer: the caller retries or shows "being confirmed".
    /// </summary>
    public async Task<PaymentState> ReconcileAsync(LoadedApplication application, string? idOp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        var state = await ledger.ReadAsync(application.Reference, cancellationToken);
        if (state.Due is not { } due)
        {
            return state;
        }

        var asked = state.Open.Select(attempt => attempt.IdOp).ToList();
        if (idOp is not null && state.Attempts.All(attempt => attempt.IdOp != idOp))
        {
            // Notified before its attempt row was written (a crash between the index row and the attempt): ask anyway.
            asked.Add(idOp);
        }
        else if (idOp is not null)
        {
            asked = [.. asked.Where(candidate => candidate == idOp)];
        }

        var changed = false;
        foreach (var open in asked)
        {
            var result = await payFip.GetPaymentResultAsync(open, cancellationToken);
            if (result.Outcome == PaymentOutcome.Pending)
            {
                continue;
            }

            if (result.Outcome == PaymentOutcome.Paid && !Matches(result, due))
            {
                LogMismatch(application.Reference);
                continue;
            }

            var settles = await ledger.RecordAsync(application, due, result, cancellationToken);
            LogRecorded(application.Reference, result.Outcome, settles);
            changed = true;
        }

        return changed ? await ledger.ReadAsync(application.Reference, cancellationToken) : state;
    }

    /// <summary>PayFiP recorded this payment for this debt: same régie, year, debt reference and amount.</summary>
    private static bool Matches(PaymentResult result, PaymentDue due) =>
        result.ClientNumber == due.ClientNumber
        && result.Year == due.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)
        && result.DebtReference == due.DebtReference
        && result.AmountInCents == due.AmountInCents;

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment of {Reference} recorded: {Outcome}, settles the debt: {Settles}")]
    private partial void LogRecorded(string reference, PaymentOutcome outcome, bool settles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment of {Reference}: PayFiP's record names another régie, year, debt or amount; not counted")]
    private partial void LogMismatch(string reference);
}
