using System.Globalization;
using Serverless.Core.Payments.PayFip.Wire;

namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// Turns PayFiP's detail of a payment (recupererDetailPaiementSecurise's return) into a <see cref="PaymentResult"/>.
/// Lenient on what only describes the payment (a date it cannot read stays unknown), strict on what decides it: only P
/// and V are paid, anything else is not.
/// </summary>
public static class PaymentResultMapping
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static PaymentResult From(string idOp, RecupererDetailPaiementSecuriseResponse detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var code = Trimmed(detail.Resultrans);
        var (outcome, means) = code switch
        {
            "P" => (PaymentOutcome.Paid, PaymentMeans.Card),
            "V" => (PaymentOutcome.Paid, PaymentMeans.DirectDebit),
            "R" => (PaymentOutcome.Refused, PaymentMeans.Card),
            "Z" => (PaymentOutcome.Refused, (PaymentMeans?)PaymentMeans.DirectDebit),
            "A" => (PaymentOutcome.Abandoned, null),
            _ => (PaymentOutcome.Unknown, null),
        };

        return new PaymentResult(
            idOp,
            outcome,
            code,
            means,
            Trimmed(detail.Numauto),
            TransactionTime(detail.Dattrans, detail.Heurtrans),
            long.TryParse(detail.Montant, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) ? amount : null,
            Trimmed(detail.Refdet),
            Trimmed(detail.Exer),
            Trimmed(detail.Numcli),
            Trimmed(detail.Saisie));
    }

    /// <summary>dattrans (JJMMAAAA) and heurtrans (HHMM), PayFiP's clock in Paris, as an instant.</summary>
    public static DateTimeOffset? TransactionTime(string? dattrans, string? heurtrans)
    {
        if (!DateTime.TryParseExact(Trimmed(dattrans) + Trimmed(heurtrans), "ddMMyyyyHHmm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return null;
        }

        // A time skipped by the spring change does not exist in Paris: read it with the offset before the change.
        var offset = Paris.IsInvalidTime(local) ? Paris.GetUtcOffset(local.AddHours(-1)) : Paris.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
