using Microsoft.Extensions.Options;
using Serverless.Core.Payments;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's SweepPayments timer: the same sweep, every <c>Payments:SweepInterval</c>.</summary>
public sealed class PaymentLoop(PaymentSweeper sweeper, IOptions<PaymentSweepOptions> options, ILogger<PaymentLoop> logger)
    : TimerTwinLoop(options.Value.SweepInterval, logger)
{
    public const string FunctionName = "SweepPayments";

    protected override string TwinOf => FunctionName;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
