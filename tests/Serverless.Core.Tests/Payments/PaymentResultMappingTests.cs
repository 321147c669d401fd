using Serverless.Core.Payments.PayFip;
using Serverless.Core.Payments.PayFip.Wire;

namespace Serverless.Core.Tests.Payments;

public sealed class PaymentResultMappingTests
{
    private const string IdOp = "81bdf4c0-8edb-11e5-99d5-00000a634c44";

    /// <summary>The shape of the detail in the DGFiP guide's example: a card payment of 15 euros, test mode.</summary>
    private static RecupererDetailPaiementSecuriseResponse Detail(string resultrans, string? numauto = "A55A") => new()
    {
        Dattrans = "19112015",
        Exer = "2015",
        Heurtrans = "1735",
        IdOp = IdOp,
        Mel = "payeur@example.org",
        Montant = "1500",
        Numauto = numauto,
        Numcli = "006270",
        Objet = "test",
        Refdet = "123456789",
        Resultrans = resultrans,
        Saisie = "T",
    };

    [Theory]
    [InlineData("P", PaymentOutcome.Paid, PaymentMeans.Card)]
    [InlineData("V", PaymentOutcome.Paid, PaymentMeans.DirectDebit)]
    [InlineData("R", PaymentOutcome.Refused, PaymentMeans.Card)]
    [InlineData("Z", PaymentOutcome.Refused, PaymentMeans.DirectDebit)]
    [InlineData("A", PaymentOutcome.Abandoned, null)]
    [InlineData("X", PaymentOutcome.Unknown, null)]
    [InlineData("", PaymentOutcome.Unknown, null)]
    public void From_ResultCode_Outcome(string resultrans, PaymentOutcome outcome, PaymentMeans? means)
    {
        var result = PaymentResultMapping.From(IdOp, Detail(resultrans));

        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(means, result.Means);
    }

    [Fact]
    public void From_PaidDetail_TransactionNumberTimeAmountAndWhatPayFipRecorded()
    {
        var result = PaymentResultMapping.From(IdOp, Detail("P"));

        Assert.Equal(IdOp, result.IdOp);
        Assert.Equal("P", result.ResultCode);
        Assert.Equal("A55A", result.TransactionNumber);
        // 19 November 2015, 17:35 in Paris (winter time, UTC+1).
        Assert.Equal(new DateTimeOffset(2015, 11, 19, 17, 35, 0, TimeSpan.FromHours(1)), result.TransactionTime);
        Assert.Equal(1500, result.AmountInCents);
        Assert.Equal("123456789", result.DebtReference);
        Assert.Equal("2015", result.Year);
        Assert.Equal("006270", result.ClientNumber);
        Assert.Equal("T", result.Saisie);
    }

    [Fact]
    public void From_RefusedWithoutNumauto_NoTransactionNumber()
    {
        Assert.Null(PaymentResultMapping.From(IdOp, Detail("R", numauto: null)).TransactionNumber);
        Assert.Null(PaymentResultMapping.From(IdOp, Detail("R", numauto: " ")).TransactionNumber);
    }

    [Theory]
    [InlineData("01072027", "0930", "2027-07-01T09:30:00+02:00")]
    [InlineData("15012027", "2359", "2027-01-15T23:59:00+01:00")]
    [InlineData("28032027", "0230", "2027-03-28T02:30:00+01:00")] // skipped by the spring change: read before it
    public void TransactionTime_ParisClock_OffsetOfTheDay(string dattrans, string heurtrans, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), PaymentResultMapping.TransactionTime(dattrans, heurtrans));
    }

    [Theory]
    [InlineData("31022027", "1200")]
    [InlineData("2027-01-15", "1200")]
    [InlineData(null, null)]
    public void TransactionTime_Unreadable_Null(string? dattrans, string? heurtrans)
    {
        Assert.Null(PaymentResultMapping.TransactionTime(dattrans, heurtrans));
    }

    [Fact]
    public void From_AmountNotDigits_NullAmountStillPaid()
    {
        var detail = Detail("P");
        detail.Montant = "15,00";

        var result = PaymentResultMapping.From(IdOp, detail);

        Assert.Null(result.AmountInCents);
        Assert.Equal(PaymentOutcome.Paid, result.Outcome);
    }

    [Fact]
    public void IsFor_SameRegieYearDebtAndAmount_TrueAnyDifference_False()
    {
        var request = PaymentRequestValidationTests.Valid() with { ClientNumber = "006270", Year = 2015, DebtReference = "123456789", AmountInCents = 1500 };
        var result = PaymentResultMapping.From(IdOp, Detail("P"));

        Assert.True(result.IsFor(request));
        Assert.False(result.IsFor(request with { AmountInCents = 1501 }));
        Assert.False(result.IsFor(request with { DebtReference = "123456780" }));
        Assert.False(result.IsFor(request with { Year = 2016 }));
        Assert.False(result.IsFor(request with { ClientNumber = "006271" }));
        Assert.False(PaymentResult.PendingFor(IdOp).IsFor(request));
    }
}
