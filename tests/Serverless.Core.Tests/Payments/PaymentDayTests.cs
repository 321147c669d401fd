using System.Text;
using Serverless.Core.Payments;
using Serverless.Core.PaymentsBackOffice;

namespace Serverless.Core.Tests.Payments;

/// <summary>A régie's day as the accountant opens it: PayFiP's report's columns and formats, then the application's.</summary>
public sealed class PaymentDayTests
{
    private static PaidPayment Paid(string idOp, DateTimeOffset at, long cents, bool refund = false, string label = "Droit de place petit") =>
        new(idOp, "MAR-2027-ABCDEF", "canteen-after-school", "990001", 2027, "MAR2027ABCDEF", cents, "P", "A1B2C3", at, "T", label, refund);

    [Fact]
    public async Task WriteCsvAsync_DayWithARefund_IsPayFipsColumnsInTimeOrderThenTheApplicationsWithParisTimeAndDecimalComma()
    {
        using var output = new MemoryStream();
        var summer = new DateTimeOffset(2027, 7, 14, 21, 5, 0, TimeSpan.Zero); // 23:05 in Paris
        var later = summer.AddMinutes(30); // 23:35 in Paris

        await PaymentDay.WriteCsvAsync([Paid("idop-b", later, 1200, refund: true), Paid("idop-a", summer, 150000)], TestCatalogue.Shipped, output, CancellationToken.None);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.StartsWith("\uFEFF", text, StringComparison.Ordinal);
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("DATE;REFDET;MONTANT;EXER;NUMCLI;NUMAUTO;IDOP;RESULTRANS;SAISIE;OBJET;REFERENCE;DEMARCHE;A_REMBOURSER", lines[0]);
        Assert.Equal("14/07/2027 23:05;MAR2027ABCDEF;1500,00;2027;990001;A1B2C3;idop-a;P;T;Droit de place petit;MAR-2027-ABCDEF;Restauration scolaire et accueil périscolaire;non", lines[1]);
        Assert.Equal("14/07/2027 23:35;MAR2027ABCDEF;12,00;2027;990001;A1B2C3;idop-b;P;T;Droit de place petit;MAR-2027-ABCDEF;Restauration scolaire et accueil périscolaire;oui", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public async Task WriteCsvAsync_ValueStartingLikeAFormula_IsEscapedSoASpreadsheetShowsItAsText()
    {
        using var output = new MemoryStream();

        await PaymentDay.WriteCsvAsync([Paid("idop-a", DateTimeOffset.UnixEpoch, 100, label: "=HYPERLINK(\"http://x\")")], TestCatalogue.Shipped, output, CancellationToken.None);

        var row = Encoding.UTF8.GetString(output.ToArray()).Split("\r\n")[1];
        Assert.DoesNotContain(";=HYPERLINK", row, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_DayWithOnePaymentToRefund_CountsItAndKeepsTheRest()
    {
        var totals = PaymentDayTotals.Of([Paid("a", DateTimeOffset.UnixEpoch, 1200), Paid("b", DateTimeOffset.UnixEpoch, 1200, refund: true), Paid("c", DateTimeOffset.UnixEpoch, 2400)]);

        Assert.Equal(new PaymentDayTotals(3, 4800, 1, 1200), totals);
        Assert.Equal(3600, totals.KeptInCents);
    }
}
