namespace Serverless.Core.Payments.PayFip;

/// <summary>What became of a payment, as PayFiP says when asked (recupererDetailPaiementSecurise).</summary>
public enum PaymentOutcome
{
    /// <summary>PayFiP does not know the result yet (its P5): the citizen is still on its page, or left it without choosing.</summary>
    Pending,

    /// <summary>Paid (resultrans P by card, V by direct debit): the money is the régie's.</summary>
    Paid,

    /// <summary>The bank refused (R card, Z direct debit).</summary>
    Refused,

    /// <summary>The citizen gave up on PayFiP's page (A).</summary>
    Abandoned,

    /// <summary>A resultrans this client does not know: treat as not paid, and look at <see cref="PaymentResult.ResultCode"/>.</summary>
    Unknown,
}

public enum PaymentMeans
{
    Card,
    DirectDebit,
}

/// <summary>
/// A payment's state read back from PayFiP. The payer's e-mail address is left out on purpose: the application knows
/// it already, and a result travels through workflow histories and logs where personal data has no business.
/// </summary>
/// <param name="IdOp">PayFiP's identifier of this payment attempt.</param>
/// <param name="Outcome">Paid, refused, abandoned, not known yet, or a code this client does not know.</param>
/// <param name="ResultCode">PayFiP's resultrans as received (P, V, R, Z, A), none while pending.</param>
/// <param name="Means">Card or direct debit, when the result code says.</param>
/// <param name="TransactionNumber">The bank's authorisation number (numauto) of a paid transaction.</param>
/// <param name="TransactionTime">When the citizen paid, refused or gave up (dattrans and heurtrans, Paris time, to the minute).</param>
/// <param name="AmountInCents">The amount PayFiP recorded (montant).</param>
/// <param name="DebtReference">The debt reference PayFiP recorded (refdet).</param>
/// <param name="Year">The budget year PayFiP recorded (exer).</param>
/// <param name="ClientNumber">The régie PayFiP recorded (numcli).</param>
/// <param name="Saisie">The mode PayFiP recorded (T test, X activation, W production).</param>
public sealed record PaymentResult(
    string IdOp,
    PaymentOutcome Outcome,
    string? ResultCode,
    PaymentMeans? Means,
    string? TransactionNumber,
    DateTimeOffset? TransactionTime,
    long? AmountInCents,
    string? DebtReference,
    string? Year,
    string? ClientNumber,
    string? Saisie)
{
    /// <summary>A result PayFiP does not know yet.</summary>
    public static PaymentResult PendingFor(string idOp) => new(idOp, PaymentOutcome.Pending, null, null, null, null, null, null, null, null, null);

    /// <summary>
    /// An attempt PayFiP still had no result for (P5) long after its idOp could open PayFiP's page: the citizen left it
    /// without paying, refusing or abandoning. Recorded as abandoned, with P5 as its code to say how it was known.
    /// </summary>
    public static PaymentResult LeftOnPayFipFor(string idOp) => new(idOp, PaymentOutcome.Abandoned, LeftOnPayFipCode, null, null, null, null, null, null, null, null);

    /// <summary>The code recorded for <see cref="LeftOnPayFipFor"/>: PayFiP's fault P5, "résultat de la transaction non connu".</summary>
    public const string LeftOnPayFipCode = "P5";

    /// <summary>
    /// Whether PayFiP recorded this payment for the request the application made: same régie, year, debt and amount.
    /// The application checks it before it counts a payment, so that an idOp of another payment cannot settle a debt.
    /// </summary>
    public bool IsFor(PaymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return IsFor(request.ClientNumber, request.Year, request.DebtReference, request.AmountInCents);
    }

    /// <summary>Whether PayFiP recorded this payment for this régie, year, debt and amount.</summary>
    public bool IsFor(string clientNumber, int year, string debtReference, long amountInCents) =>
        ClientNumber == clientNumber
        && Year == year.ToString(System.Globalization.CultureInfo.InvariantCulture)
        && DebtReference == debtReference
        && AmountInCents == amountInCents;
}
