namespace Serverless.Core.Payments;

/// <summary>Settings of the sweep of payment attempts whose result was never read (section <c>Payments</c>).</summary>
public sealed class PaymentSweepOptions
{
    public const string Section = "Payments";

    /// <summary>
    /// How old an attempt is before the sweep asks PayFiP about it: PayFiP's idOp opens its page for 15 minutes, so by
    /// 20 minutes the notification and the return have had their chance; a citizen still on PayFiP's page then is
    /// asked about again later (the sweep puts an unanswered attempt off for half its age).
    /// </summary>
    public TimeSpan SweepAfter { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How often the local host's twin of the SweepPayments timer runs (the Functions timer: every 15 minutes).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(15);
}
