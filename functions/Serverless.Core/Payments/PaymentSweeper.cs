using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Payments.PayFip;

namespace Serverless.Core.Payments;

/// <summary>
/// The payments' timer (SweepPayments in Azure, PaymentLoop in the local host): asks PayFiP about every attempt whose
/// result no path has read — the notification lost, the citizen never back, and the workflow no longer looking because
/// another payment settled the debt or the application was closed (a second tab paid later) — and records the answer
/// (<see cref="PaymentRecorder"/>: a second payment is flagged for refund). Attempts are taken from the
/// <c>PaymentOperations</c> index once <see cref="PaymentSweepOptions.SweepAfter"/> old and for
/// <see cref="Window"/>: PayFiP forgets an idOp within a night or two (P1), after which asking teaches nothing. Bounded
/// to <see cref="Batch"/> attempts a run; one that fails (PayFiP unreachable, the application erased) is logged and
/// left for the next run.
/// </summary>
public sealed partial class PaymentSweeper(
    PaymentLedger ledger,
    PaymentRecorder recorder,
    ApplicationLoader loader,
    IOptions<PayFipOptions> payFip,
    IOptions<PaymentSweepOptions> options,
    TimeProvider clock,
    ILogger<PaymentSweeper> logger)
{
    public const int Batch = 200;

    public static readonly TimeSpan Window = TimeSpan.FromDays(3);

    /// <summary>Answers how many open attempts it recorded or closed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (!payFip.Value.Enabled)
        {
            return 0;
        }

        var before = clock.GetUtcNow() - options.Value.SweepAfter;
        var settled = 0;
        foreach (var (idOp, reference) in await ledger.OpenOperationsAsync(before, before - Window, Batch, cancellationToken))
        {
            if (await loader.FindAsync(reference, cancellationToken) is not { } application)
            {
                LogNoApplication();
                continue;
            }

            try
            {
                var state = await recorder.ReconcileAsync(application, idOp, cancellationToken);
                if (state.Attempts.FirstOrDefault(attempt => attempt.IdOp == idOp) is { Outcome: not PaymentOutcome.Pending })
                {
                    // Recorded now, or before by a path that stopped short of closing the index row.
                    await ledger.CloseOperationAsync(idOp, application, cancellationToken);
                    settled++;
                }
            }
            catch (PayFipException exception)
            {
                LogUnanswered(reference, exception.Code);
            }
        }

        return settled;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An open payment operation names an application this deployment cannot load; left open")]
    private partial void LogNoApplication();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment of {Reference}: PayFiP did not answer the sweep's read-back ({Code})")]
    private partial void LogUnanswered(string reference, string? code);
}
