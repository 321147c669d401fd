namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// What the application asks PayFiP to collect: which régie (<see cref="ClientNumber"/>, its numcli), for which debt
/// (<see cref="Year"/> and <see cref="DebtReference"/>, exer and refdet), how much, from whom, and the two addresses PayFiP
/// calls back. Checked by <see cref="PaymentRequestValidation"/> before any call.
/// </summary>
/// <param name="ClientNumber">The régie's PayFiP client number (numcli), six digits, given by the DGFiP at onboarding.</param>
/// <param name="Year">The budget year (exer).</param>
/// <param name="DebtReference">The debt's reference (refdet), 6 to 30 letters and digits; several payments may share it.</param>
/// <param name="AmountInCents">The amount (montant), 1 euro to 99 999,99 euros.</param>
/// <param name="PayerEmail">Where PayFiP sends the payment ticket (mel).</param>
/// <param name="Label">What the payment is for (objet); made to fit PayFiP's alphabet by <see cref="PaymentLabel"/>.</param>
/// <param name="NotificationUrl">Where PayFiP POSTs the idOp once the citizen is done (urlnotif).</param>
/// <param name="ReturnUrl">Where PayFiP sends the citizen's browser back (urlredirect).</param>
/// <param name="Mode">The régie's own mode (saisie), when the catalogue gives one; null: the deployment's PayFip:Mode.</param>
public sealed record PaymentRequest(
    string ClientNumber,
    int Year,
    string DebtReference,
    long AmountInCents,
    string PayerEmail,
    string Label,
    Uri NotificationUrl,
    Uri ReturnUrl,
    PayFipMode? Mode = null);
