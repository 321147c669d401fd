using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Core.Payments.PayFip;

namespace Serverless.Core.Tests.Payments;

/// <summary>What the gateway decides before any call: nothing is sent to PayFiP for a request it would refuse.</summary>
public sealed class PayFipGatewayTests
{
    private static PayFipGateway Gateway(PayFipOptions options)
    {
        var wrapped = Options.Create(options);
        return new PayFipGateway(new PayFipChannels(wrapped), wrapped, NullLogger<PayFipGateway>.Instance);
    }

    [Fact]
    public async Task CreatePaymentAsync_RequestPayFipWouldRefuse_RefusedWithoutCallingIt()
    {
        // No service address: reaching the wire would fail with "not configured", not with the request's problems.
        var gateway = Gateway(new PayFipOptions());

        var refusal = await Assert.ThrowsAsync<InvalidPaymentRequestException>(() => gateway.CreatePaymentAsync(PaymentRequestValidationTests.Valid() with { AmountInCents = 50 }));

        Assert.Equal("M3", Assert.Single(refusal.Problems).PayFipCode);
    }

    [Fact]
    public async Task CreatePaymentAsync_PaymentOff_SaysWhichSettingIsMissing()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Gateway(new PayFipOptions()).CreatePaymentAsync(PaymentRequestValidationTests.Valid()));

        Assert.Contains("PayFip:ServiceUrl", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc def")]
    [InlineData("<idOp/>")]
    public async Task GetPaymentResultAsync_NotAnIdOp_RefusedWithoutCallingIt(string idOp)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Gateway(new PayFipOptions()).GetPaymentResultAsync(idOp));
    }
}
