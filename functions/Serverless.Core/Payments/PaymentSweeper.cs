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
/// to <see cref="Batch"/> attempts a run; one without an answer (still on PayFiP's page, PayFiP unreachable, an idOp
/// PayFiP forgot) is put off for half its age, so that the calls for attempts that never conclude thin out.
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

        var now = clock.GetUtcNow();
        var before = now - options.Value.SweepAfter;
        var settled = 0;
        foreach (var open in await ledger.OpenOperationsAsync(now, before, before - Window, Batch, cancellationToken))
        {
            if (await SettleAsync(open, cancellationToken))
            {
                settled++;
                continue;
            }

            // No answer yet (still on PayFiP's page, PayFiP unreachable, or an idOp PayFiP forgot): asked again after
            // half its age, so that attempts left unanswered cost fewer calls as they age.
            await ledger.PutOffAsync(open.IdOp, NextLook(now, open.CreatedAt, options.Value.SweepAfter), cancellationToken);
        }

        return settled;
    }

    /// <summary>True when the attempt's result is now recorded (and its index row closed).</summary>
    private async Task<bool> SettleAsync(OpenOperation open, CancellationToken cancellationToken)
    {
        if (await loader.FindAsync(open.Reference, cancellationToken) is not { } application)
        {
            LogNoApplication();
            return false;
        }

        try
        {
            var state = await recorder.ReconcileAsync(application, open.IdOp, cancellationToken);
            if (state.Attempts.FirstOrDefault(attempt => attempt.IdOp == open.IdOp) is not { Outcome: not PaymentOutcome.Pending })
            {
                return false;
            }

            // Recorded now, or before by a path that stopped short of closing the index row.
            await ledger.CloseOperationAsync(open.IdOp, application, cancellationToken);
            return true;
        }
        catch (PayFipException exception)
        {
            LogUnanswered(application.Reference, exception.Code);
            return false;
        }
    }

    /// <summary>When to ask again about an attempt created at <paramref name="createdAt"/>: after half its age, at least <paramref name="sweepAfter"/>.</summary>
    public static DateTimeOffset NextLook(DateTimeOffset now, DateTimeOffset createdAt, TimeSpan sweepAfter)
    {
        var half = (now - createdAt) / 2;
        return now + (half > sweepAfter ? half : sweepAfter);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An open payment operation names an application this deployment cannot load; left open")]
    private partial void LogNoApplication();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment of {Reference}: PayFiP did not answer the sweep's read-back ({Code})")]
    private partial void LogUnanswered(string reference, string? code);
}
