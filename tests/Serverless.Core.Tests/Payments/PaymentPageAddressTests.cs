using Microsoft.Extensions.Options;
using Serverless.Core.Payments.PayFip;

namespace Serverless.Core.Tests.Payments;

public sealed class PaymentPageAddressTests
{
    private static PaymentPageAddress Address(string page) => new(Options.Create(new PayFipOptions { ServiceUrl = "https://www.payfip.gouv.fr/tpa/services/securite", PaymentPageUrl = page }));

    [Fact]
    public void For_IdOp_PayFipsPageWithTheIdopParameter()
    {
        var address = Address("https://www.payfip.gouv.fr/tpa/paiementws.web").For("81bdf4c0-8edb-11e5-99d5-00000a634c44");

        Assert.Equal("https://www.payfip.gouv.fr/tpa/paiementws.web?idop=81bdf4c0-8edb-11e5-99d5-00000a634c44", address.AbsoluteUri);
    }

    [Fact]
    public void For_LocalSimulator_KeepsItsPort()
    {
        Assert.Equal("http://127.0.0.1:7090/tpa/paiementws.web?idop=abc-123", Address("http://127.0.0.1:7090/tpa/paiementws.web").For("abc-123").AbsoluteUri);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc&montant=1")]
    [InlineData("../admin")]
    [InlineData("81bdf4c0 8edb")]
    public void For_NotAnIdOp_Refused(string idOp)
    {
        Assert.Throws<ArgumentException>(() => Address("https://www.payfip.gouv.fr/tpa/paiementws.web").For(idOp));
    }

    [Fact]
    public void For_PageNotConfigured_SaysWhichSetting()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Address(string.Empty).For("abc-123"));

        Assert.Contains("PayFip:PaymentPageUrl", failure.Message, StringComparison.Ordinal);
    }
}
