using System.Globalization;
using CsvHelper;
using Serverless.Core.Payments;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;

namespace Serverless.Core.PaymentsBackOffice;

/// <summary>A régie's day in figures: payments cashed and their sum, and of them those to refund (a debt paid twice, or paid after its application closed).</summary>
public sealed record PaymentDayTotals(int Count, long AmountInCents, int ToRefund, long ToRefundInCents)
{
    /// <summary>What the régie keeps once the refunds are made.</summary>
    public long KeptInCents => AmountInCents - ToRefundInCents;

    public static PaymentDayTotals Of(IReadOnlyCollection<PaidPayment> payments)
    {
        ArgumentNullException.ThrowIfNull(payments);
        var refunds = payments.Where(payment => payment.Refund).ToList();
        return new PaymentDayTotals(payments.Count, payments.Sum(payment => payment.AmountInCents), refunds.Count, refunds.Sum(payment => payment.AmountInCents));
    }
}

/// <summary>
/// A régie's paid payments of one Paris day, as the accountant matches them with PayFiP's daily report: the same
/// columns in the same order as the report's <c>LIGNE</c> lines (DATE, REFDET, MONTANT, EXER, NUMCLI, NUMAUTO, IDOP,
/// RESULTRANS, SAISIE, OBJET; the date <c>JJ/MM/AAAA HH:MM</c> Paris time, the amount in euros with a decimal comma),
/// then this application's own: the application's reference, the procedure, and whether the payment is to refund. In
/// the report's order (time of payment; PayFiP gives it to the minute, so payments of one minute follow their idOp).
/// </summary>
public static class PaymentDay
{
    /// <summary>The header row of the CSV: PayFiP's report's column titles, then the application's.</summary>
    public static readonly IReadOnlyList<string> Headers =
        ["DATE", "REFDET", "MONTANT", "EXER", "NUMCLI", "NUMAUTO", "IDOP", "RESULTRANS", "SAISIE", "OBJET", "REFERENCE", "DEMARCHE", "A_REMBOURSER"];

    public static IReadOnlyList<PaidPayment> InReportOrder(IEnumerable<PaidPayment> payments) =>
        [.. payments.OrderBy(payment => payment.TransactionTime ?? DateTimeOffset.MaxValue).ThenBy(payment => payment.IdOp, StringComparer.Ordinal)];

    /// <summary>The report's date and time: <c>JJ/MM/AAAA HH:MM</c>, Paris time.</summary>
    public static string ReportTime(DateTimeOffset? moment) =>
        moment is { } at ? ApplicationSummary.ParisTime(at).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>The report's amount: euros with a decimal comma and no thousands separator (1500,00).</summary>
    public static string ReportAmount(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture).Replace('.', ',');

    /// <summary>
    /// The CSV (UTF-8 with BOM, <c>;</c>, CRLF, as the back office's other exports), written row by row. A value
    /// starting with = + - @ is escaped, so a spreadsheet never runs it as a formula.
    /// </summary>
    public static async Task WriteCsvAsync(IReadOnlyList<PaidPayment> payments, ProcedureCatalog catalog, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payments);
        ArgumentNullException.ThrowIfNull(catalog);
        var options = new CsvWriterOptions { Separator = ';', WriteByteOrderMark = true, Injection = CsvInjection.Escape, NewLine = "\r\n" };
        await using var csv = CsvWriter.Create(output, options, true);
        await csv.WriteRecordAsync([.. Headers], cancellationToken);
        foreach (var payment in InReportOrder(payments))
        {
            await csv.WriteRecordAsync(
                [
                    ReportTime(payment.TransactionTime),
                    payment.DebtReference,
                    ReportAmount(payment.AmountInCents),
                    payment.Year.ToString(CultureInfo.InvariantCulture),
                    payment.ClientNumber,
                    payment.TransactionNumber ?? string.Empty,
                    payment.IdOp,
                    payment.ResultCode ?? string.Empty,
                    payment.Saisie ?? string.Empty,
                    payment.Label ?? string.Empty,
                    payment.Reference,
                    catalog.Find(payment.ProcedureId)?.Title.Fr ?? payment.ProcedureId,
                    payment.Refund ? "oui" : "non",
                ],
                cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }
}
