using Microsoft.Extensions.Options;

namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// Where the citizen's browser goes to pay: PayFiP's payment page with the idOp as its <c>idop</c> query parameter
/// (<c>https://www.payfip.gouv.fr/tpa/paiementws.web?idop=…</c>). The idOp is all PayFiP needs: it holds the amount,
/// the debt and the return address it was created with, so nothing the browser could alter travels in the link.
/// </summary>
public sealed class PaymentPageAddress
{
    private readonly PayFipOptions options;

    public PaymentPageAddress(IOptions<PayFipOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
    }

    public Uri For(string idOp)
    {
        if (!PayFipIdOp.IsWellFormed(idOp))
        {
            throw new ArgumentException("Not an idOp.", nameof(idOp));
        }

        if (string.IsNullOrWhiteSpace(options.PaymentPageUrl))
        {
            throw new InvalidOperationException("PayFiP's payment page is not configured (PayFip:PaymentPageUrl).");
        }

        return new UriBuilder(options.PaymentPageUrl) { Query = "idop=" + Uri.EscapeDataString(idOp) }.Uri;
    }
}
