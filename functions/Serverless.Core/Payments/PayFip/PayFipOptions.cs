namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// Where PayFiP is and how to call it (section <c>PayFip</c>, docs/PAYMENTS.md). Without a <see cref="ServiceUrl"/>
/// online payment is off. Locally <c>run-local.sh</c> starts the simulator on 127.0.0.1:7090 and the sample settings
/// point here; in Azure, PayFiP's own addresses.
/// </summary>
public sealed class PayFipOptions
{
    public const string Section = "PayFip";

    /// <summary>The SOAP service, e.g. <c>https://www.payfip.gouv.fr/tpa/services/securite</c>.</summary>
    public string ServiceUrl { get; set; } = string.Empty;

    /// <summary>The payment page the citizen is sent to with the idOp, e.g. <c>https://www.payfip.gouv.fr/tpa/paiementws.web</c>.</summary>
    public string PaymentPageUrl { get; set; } = string.Empty;

    /// <summary>Test until the régie's accountant says otherwise: a wrong mode in production debits real cards.</summary>
    public PayFipMode Mode { get; set; } = PayFipMode.Test;

    /// <summary>
    /// How long one call may take, connection included. Bounded (1 to 60 seconds): a payment step waits on it, and the
    /// caller retries a timed-out read-back, which is harmless (it changes nothing at PayFiP).
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public bool Enabled => !string.IsNullOrWhiteSpace(ServiceUrl);
}
