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
public sealed partial class PaymentRecorder(IPayFipGateway payFip, PaymentLedger ledger, TimeProvider clock, ILogger<PaymentRecorder> logger)
{
    /// <summary>
    /// How long after its idOp was created an attempt PayFiP still has no result for (its P5) is taken as left on
    /// PayFiP's page without paying. PayFiP opens its page for an idOp during 15 minutes only (docs/PAYMENTS.md); two
    /// hours leaves the citizen on the page, and the bank's checks, far more time than they take. Without it, a tab
    /// closed on PayFiP's page would hold its application "being confirmed" to the deadline, then in incident.
    /// </summary>
    public static readonly TimeSpan LeftAfter = TimeSpan.FromHours(2);

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
                var startedAt = state.Attempts.FirstOrDefault(attempt => attempt.IdOp == open)?.CreatedAt;
                if (!LeftOnPayFip(startedAt, clock.GetUtcNow()))
                {
                    continue;
                }

                result = PaymentResult.LeftOnPayFipFor(open);
            }

            if (result.Outcome == PaymentOutcome.Paid && !result.IsFor(due.ClientNumber, due.Year, due.DebtReference, due.AmountInCents))
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

    /// <summary>True when PayFiP's "no result yet" for an attempt started at <paramref name="startedAt"/> means the citizen left without paying.</summary>
    public static bool LeftOnPayFip(DateTimeOffset? startedAt, DateTimeOffset now) => startedAt is { } started && now - started >= LeftAfter;

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment of {Reference} recorded: {Outcome}, settles the debt: {Settles}")]
    private partial void LogRecorded(string reference, PaymentOutcome outcome, bool settles);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment of {Reference}: PayFiP's record names another régie, year, debt or amount; not counted")]
    private partial void LogMismatch(string reference);
}
