using Serverless.Core.Payments.PayFip;

namespace Serverless.Core.Tests.Payments;

public sealed class PayFipOptionsValidatorTests
{
    private static PayFipOptions Production() => new()
    {
        ServiceUrl = "https://www.payfip.gouv.fr/tpa/services/securite",
        PaymentPageUrl = "https://www.payfip.gouv.fr/tpa/paiementws.web",
        Mode = PayFipMode.Production,
    };

    private static List<string> Failures(PayFipOptions options) =>
        new PayFipOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Validate_NotConfigured_PaymentOffNoFailure()
    {
        Assert.Empty(Failures(new PayFipOptions()));
    }

    [Fact]
    public void Validate_PayFipsHttpsAddresses_Accepted()
    {
        Assert.Empty(Failures(Production()));
    }

    [Fact]
    public void Validate_LocalSimulatorOverHttp_Accepted()
    {
        Assert.Empty(Failures(new PayFipOptions { ServiceUrl = "http://127.0.0.1:7090/tpa/services/securite", PaymentPageUrl = "http://127.0.0.1:7090/tpa/paiementws.web" }));
    }

    [Fact]
    public void Validate_HttpToAnotherHost_RefusedForEachAddress()
    {
        var failures = Failures(new PayFipOptions { ServiceUrl = "http://www.payfip.gouv.fr/tpa/services/securite", PaymentPageUrl = "http://www.payfip.gouv.fr/tpa/paiementws.web" });

        Assert.Equal(2, failures.Count);
        Assert.All(failures, failure => Assert.Contains("must use https", failure, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("tpa/services/securite", "https://www.payfip.gouv.fr/tpa/paiementws.web")]
    [InlineData("https://www.payfip.gouv.fr/tpa/services/securite", "")]
    [InlineData("https://www.payfip.gouv.fr/tpa/services/securite", "https://www.payfip.gouv.fr/tpa/paiementws.web?idop=")]
    public void Validate_AddressNotUsable_Refused(string service, string page)
    {
        Assert.NotEmpty(Failures(new PayFipOptions { ServiceUrl = service, PaymentPageUrl = page }));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(61)]
    public void Validate_TimeoutOutOfBounds_Refused(double seconds)
    {
        var options = Production();
        options.RequestTimeout = TimeSpan.FromSeconds(seconds);

        Assert.Contains(Failures(options), failure => failure.Contains("PayFip__RequestTimeout", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(PayFipMode.Test, "T")]
    [InlineData(PayFipMode.Activation, "X")]
    [InlineData(PayFipMode.Production, "W")]
    public void Saisie_EachMode_PayFipsLetter(PayFipMode mode, string saisie)
    {
        Assert.Equal(saisie, PayFipModes.Saisie(mode));
    }
}
