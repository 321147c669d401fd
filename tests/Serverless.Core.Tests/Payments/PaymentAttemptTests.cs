using Serverless.Core.Payments;
using Serverless.Core.Payments.PayFip;

namespace Serverless.Core.Tests.Payments;

public sealed class PaymentAttemptTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("P", PaymentMeans.Card)]
    [InlineData("V", PaymentMeans.DirectDebit)]
    public void Means_PaidByCardOrDirectDebit_IsWhatTheResultCodeSays(string code, PaymentMeans means) =>
        Assert.Equal(means, new PaymentAttempt("op", Started, PaymentOutcome.Paid, "123456", Started, Refund: false, code).Means);

    [Theory]
    [InlineData(null)]
    [InlineData("A")]
    [InlineData("P5")]
    public void Means_NotPaid_IsNone(string? code) =>
        Assert.Null(new PaymentAttempt("op", Started, PaymentOutcome.Abandoned, null, null, Refund: false, code).Means);

    [Fact]
    public void LeftOnPayFip_NoResultWithinTwoHoursOfTheIdOp_StillWaits() =>
        Assert.False(PaymentRecorder.LeftOnPayFip(Started, Started + TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1)));

    [Fact]
    public void LeftOnPayFip_NoResultTwoHoursAfterTheIdOp_IsLeftWithoutPaying() =>
        Assert.True(PaymentRecorder.LeftOnPayFip(Started, Started + TimeSpan.FromHours(2)));

    [Fact]
    public void LeftOnPayFip_AttemptNotRecordedYet_StillWaits() =>
        Assert.False(PaymentRecorder.LeftOnPayFip(startedAt: null, Started + TimeSpan.FromDays(3)));

    [Fact]
    public void LeftOnPayFipFor_Recorded_IsAnAbandonWithPayFipsP5AndNoMeans()
    {
        var result = PaymentResult.LeftOnPayFipFor("op");

        Assert.Equal((PaymentOutcome.Abandoned, "P5", (PaymentMeans?)null), (result.Outcome, result.ResultCode, result.Means));
    }

    [Fact]
    public void NextLook_AttemptJustPastTwentyMinutes_AskedAgainTwentyMinutesLater() =>
        Assert.Equal(Started + TimeSpan.FromMinutes(41), PaymentSweeper.NextLook(Started + TimeSpan.FromMinutes(21), Started, TimeSpan.FromMinutes(20)));

    [Fact]
    public void NextLook_AttemptADayOld_AskedAgainHalfADayLater() =>
        Assert.Equal(Started + TimeSpan.FromHours(36), PaymentSweeper.NextLook(Started + TimeSpan.FromDays(1), Started, TimeSpan.FromMinutes(20)));
}
