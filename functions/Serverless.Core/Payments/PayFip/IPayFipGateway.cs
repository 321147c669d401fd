namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// PayFiP's secure-payment service as the application uses it (docs/PAYMENTS.md): create a payment and get its idOp,
/// send the citizen to <see cref="PaymentPageAddress"/> with it, and, when PayFiP's notification names the idOp
/// (<see cref="PayFipNotification"/>) or whenever the application wants to know, read the result back. The result is
/// only ever what PayFiP answers to <see cref="GetPaymentResultAsync"/>.
/// </summary>
public interface IPayFipGateway
{
    /// <summary>
    /// Asks PayFiP for a payment (creerPaiementSecurise) and answers its idOp, valid 15 minutes for the citizen to open
    /// the payment page. Throws <see cref="InvalidPaymentRequestException"/> without calling PayFiP when the request
    /// breaks PayFiP's rules, <see cref="PayFipException"/> when PayFiP refuses it or cannot be reached.
    /// </summary>
    Task<string> CreatePaymentAsync(PaymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// What became of the payment (recupererDetailPaiementSecurise). Not known yet (PayFiP's P5) is
    /// <see cref="PaymentOutcome.Pending"/>; an idOp PayFiP does not know (P1) throws <see cref="PayFipException"/>.
    /// Reading changes nothing at PayFiP: it may be repeated.
    /// </summary>
    Task<PaymentResult> GetPaymentResultAsync(string idOp, CancellationToken cancellationToken = default);
}
