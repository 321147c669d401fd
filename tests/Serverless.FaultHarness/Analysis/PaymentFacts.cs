using System.Text.Json;
using Azure.Data.Tables;

namespace Serverless.FaultHarness.Analysis;

/// <summary>
/// One application's payment, from both sides: the idOps PayFiP took for its debt (its ledger: the truth of what was
/// cashed), the one the app recorded as settling it (<c>payment|paid</c> in the application's partition), and the
/// lines of the régie's export (the <c>Payments</c> index the back office and the accountant's CSV read), each with its
/// refund flag.
/// </summary>
public sealed record PaymentFacts(
    IReadOnlyList<string> PaidAtPayFip,
    string? SettledBy,
    IReadOnlyDictionary<string, bool> Exported)
{
    /// <summary>PayFiP's paid idOps the export flags for refund.</summary>
    public int FlaggedForRefund => PaidAtPayFip.Count(idOp => Exported.TryGetValue(idOp, out var refund) && refund);

    /// <summary>
    /// Payments beyond the one that settles the debt that the app does not flag for refund: listed as ordinary
    /// payments, or not listed at all, the régie keeps them and nobody is told to pay them back.
    /// </summary>
    public int PaidTwice => PaidAtPayFip.Count > 1 ? Math.Max(0, PaidAtPayFip.Count - 1 - FlaggedForRefund) : 0;
}

/// <summary>
/// Judges the payment scenario's applications against PayFiP's own ledger (the local PayFiP's <c>/admin/ledger</c>)
/// and what storage holds. Lost: PayFiP took a payment the app did not record as settling the debt, or that the
/// régie's export lacks, or the export lists an idOp PayFiP did not cash, or an application still awaits the payment
/// PayFiP took, or an approved application's citizen got no receipt. Paid twice (also a duplicate): a debt PayFiP
/// cashed more than once without every payment beyond the first flagged for refund.
/// </summary>
public static class PaymentJudge
{
    public static async Task<IReadOnlyList<ApplicationVerdict>> JudgeAsync(IReadOnlyList<ApplicationVerdict> verdicts, IReadOnlyList<JsonElement> payFipLedger, string storageConnection, IReadOnlyList<ClassifiedMail> mails)
    {
        ArgumentNullException.ThrowIfNull(verdicts);
        ArgumentNullException.ThrowIfNull(payFipLedger);
        ArgumentNullException.ThrowIfNull(mails);
        var paidByDebt = payFipLedger
            .Where(payment => payment.GetProperty("outcome") is { ValueKind: JsonValueKind.Object } outcome && outcome.GetProperty("result").GetString() == "paid")
            .ToLookup(payment => payment.GetProperty("refdet").GetString()!, payment => payment.GetProperty("idOp").GetString()!, StringComparer.Ordinal);

        var exported = new Dictionary<string, Dictionary<string, bool>>(StringComparer.Ordinal);
        await foreach (var row in new TableClient(storageConnection, "Payments").QueryAsync<TableEntity>())
        {
            var reference = row.GetString("Reference") ?? string.Empty;
            if (!exported.TryGetValue(reference, out var lines))
            {
                exported[reference] = lines = new Dictionary<string, bool>(StringComparer.Ordinal);
            }

            lines[row.RowKey] = row.GetBoolean("Refund") ?? false;
        }

        var settled = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in new TableClient(storageConnection, "Applications").QueryAsync<TableEntity>(filter: "RowKey eq 'payment|paid'", select: ["PartitionKey", "IdOp"]))
        {
            settled[row.PartitionKey] = row.GetString("IdOp") ?? string.Empty;
        }

        var receipts = mails.Where(mail => mail.Kind == MailKind.PaymentReceipt && mail.Reference is not null).Select(mail => mail.Reference!).ToHashSet(StringComparer.Ordinal);
        return [.. verdicts.Select(verdict => Judge(verdict, paidByDebt[verdict.Reference.Replace("-", string.Empty, StringComparison.Ordinal)].ToList(), settled.GetValueOrDefault(verdict.Reference), exported.GetValueOrDefault(verdict.Reference) ?? [], receipts.Contains(verdict.Reference)))];
    }

    private static ApplicationVerdict Judge(ApplicationVerdict verdict, List<string> paid, string? settledBy, Dictionary<string, bool> exported, bool receipt)
    {
        var facts = new PaymentFacts(paid, settledBy, exported);
        var lost = verdict.Lost.ToList();
        var duplicates = verdict.Duplicates.ToList();
        if (paid.Count > 0 && (settledBy is null || !paid.Contains(settledBy, StringComparer.Ordinal)))
        {
            lost.Add($"PayFiP took {paid.Count} payment(s), the app recorded none as settling the debt");
        }

        lost.AddRange(paid.Where(idOp => !exported.ContainsKey(idOp)).Select(idOp => $"PayFiP took payment {idOp}, the régie's export does not list it"));
        lost.AddRange(exported.Keys.Where(idOp => !paid.Contains(idOp, StringComparer.Ordinal)).Select(idOp => $"the régie's export lists {idOp}, which PayFiP did not cash"));
        if (paid.Count > 0 && verdict.FinalStatus == "AwaitingPayment")
        {
            lost.Add("still awaiting the payment PayFiP took");
        }

        if (verdict.FinalStatus == "Approved" && paid.Count > 0 && !receipt)
        {
            lost.Add("no payment receipt e-mail");
        }

        if (facts.PaidTwice > 0)
        {
            duplicates.Add($"debt paid {paid.Count} times at PayFiP, {facts.FlaggedForRefund} flagged for refund in the export ({facts.PaidTwice} kept without a refund)");
        }

        return verdict with { Lost = lost, Duplicates = duplicates, Payment = facts };
    }
}
