using Serverless.Core.FamilyQuotient;

namespace Serverless.Core.Tests.FamilyQuotient;

/// <summary>The API Particulier settings checked at start-up: off, or HTTPS (HTTP on loopback only) with a token.</summary>
public sealed class ApiParticulierOptionsValidatorTests
{
    private static bool Valid(string baseUrl, string token = "jeton", TimeSpan? timeout = null) =>
        new ApiParticulierOptionsValidator().Validate(null, new ApiParticulierOptions { BaseUrl = baseUrl, Token = token, Timeout = timeout ?? TimeSpan.FromSeconds(10) }).Succeeded;

    [Theory]
    [InlineData("", "", true)] // off
    [InlineData("https://staging.particulier.api.gouv.fr", "jeton", true)]
    [InlineData("https://particulier.api.gouv.fr/", "jeton", true)]
    [InlineData("http://127.0.0.1:7091", "jeton", true)] // the local simulator
    [InlineData("http://localhost:7091", "jeton", true)]
    [InlineData("http://particulier.api.gouv.fr", "jeton", false)]
    [InlineData("https://particulier.api.gouv.fr?token=x", "jeton", false)]
    [InlineData("particulier.api.gouv.fr", "jeton", false)]
    [InlineData("https://particulier.api.gouv.fr", "", false)]
    [InlineData("https://particulier.api.gouv.fr", ApiParticulierOptionsValidator.SimulatorToken, false)] // the sample's token, published
    [InlineData("http://127.0.0.1:7091", ApiParticulierOptionsValidator.SimulatorToken, true)]
    public void Validate_BaseUrlAndToken_OffOrHttpsWithAToken(string baseUrl, string token, bool valid)
    {
        Assert.Equal(valid, Valid(baseUrl, token));
    }

    [Fact]
    public void Validate_Timeout_PositiveAndAtMostAMinute()
    {
        Assert.False(Valid(string.Empty, timeout: TimeSpan.Zero));
        Assert.False(Valid(string.Empty, timeout: TimeSpan.FromMinutes(5)));
        Assert.True(Valid(string.Empty, timeout: TimeSpan.FromSeconds(1)));
    }
}
