using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
    public async Task CreatePaymentAsync_PaymentOff_FailsAsPayFipUnavailableNamingTheMissingSetting()
    {
        var failure = await Assert.ThrowsAsync<PayFipException>(() => Gateway(new PayFipOptions()).CreatePaymentAsync(PaymentRequestValidationTests.Valid()));

        Assert.Equal(PayFipFailure.Unavailable, failure.Failure);
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

    [Theory]
    [InlineData("http://www.payfip.gouv.fr/tpa/services/securite", false)]
    [InlineData("https://www.payfip.gouv.fr/tpa/services/securite", true)]
    [InlineData("http://127.0.0.1:7090/tpa/services/securite", true)]
    public void AddPayFip_ServiceAddress_PlainHttpOnlyToALoopbackHost(string serviceUrl, bool accepted)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PayFip:ServiceUrl"] = serviceUrl,
            ["PayFip:PaymentPageUrl"] = serviceUrl.Replace("services/securite", "paiementws.web", StringComparison.Ordinal),
            ["PayFip:Mode"] = "Production",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddPayFip(configuration).BuildServiceProvider();

        var gateway = Record.Exception(() => services.GetRequiredService<IPayFipGateway>());

        if (accepted)
        {
            Assert.Null(gateway);
            Assert.Equal(PayFipMode.Production, services.GetRequiredService<IOptions<PayFipOptions>>().Value.Mode);
        }
        else
        {
            Assert.Contains("must use https", Assert.IsType<OptionsValidationException>(gateway).Message, StringComparison.Ordinal);
        }
    }
}
