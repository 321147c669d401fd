using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.CitizenAccounts;
using Serverless.Core.FamilyQuotient;

namespace Serverless.IntegrationTests.FamilyQuotient;

/// <summary>
/// The family-quotient client, as the app registers it (<c>AddFamilyQuotient</c>: settings, HTTP client, bounds),
/// against the API Particulier simulator that test.sh starts (tools/api-particulier-local, answering from the staging
/// fixtures), and, for the FranceConnect route, with real access tokens of the local FranceConnect provider.
/// </summary>
public sealed class ApiParticulierSimulatorTests : IDisposable
{
    private const string Recipient = "21300001200016";
    private const string SimulatorToken = "local-api-particulier-token-not-for-production";

    private readonly ServiceProvider services;

    public ApiParticulierSimulatorTests() => services = Services(SimulatorToken);

    private IFamilyQuotientSource Source => services.GetRequiredService<IFamilyQuotientSource>();

    private static ServiceProvider Services(string token)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiParticulier:BaseUrl"] = TestEnvironment.ApiParticulierUrl.ToString(),
            ["ApiParticulier:Token"] = token,
            ["ApiParticulier:Timeout"] = "00:00:10",
        }).Build();
        return new ServiceCollection().AddLogging().AddFamilyQuotient(configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private static PivotIdentity Identity(string givenNames, string familyName, string gender, string birthdate, string birthcountry, string? birthplace = null)
    {
        var claims = new Dictionary<string, string>
        {
            [PivotClaims.GivenName] = givenNames,
            [PivotClaims.FamilyName] = familyName,
            [PivotClaims.Gender] = gender,
            [PivotClaims.Birthdate] = birthdate,
            [PivotClaims.Birthcountry] = birthcountry,
        };
        if (birthplace is not null)
        {
            claims[PivotClaims.Birthplace] = birthplace;
        }

        return new PivotIdentity(string.Empty, claims);
    }

    [Fact]
    public async Task ByIdentityAsync_CafAllocataire_FoundWithValueProviderAndMonth()
    {
        var before = DateTimeOffset.UtcNow;

        var result = await Source.ByIdentityAsync(Identity("Alexis Gérôme Jean-Philippe", "LEFEBVRE", "female", "1982-12-27", "99100", "08480"), Recipient, CancellationToken.None);

        var quotient = Assert.IsType<FamilyQuotientResult.Found>(result).Quotient;
        Assert.Equal((2550, QuotientProvider.Caf, new QuotientMonth(2023, 6), new QuotientMonth(2024, 12)), (quotient.Value, quotient.Provider, quotient.Month, quotient.ComputedIn));
        Assert.InRange(quotient.RetrievedAt, before, DateTimeOffset.UtcNow);
        Assert.True(Source.Enabled);
    }

    [Fact]
    public async Task ByIdentityAsync_MsaAllocataire_FoundFromTheMsa()
    {
        var result = await Source.ByIdentityAsync(Identity("Pierre", "Martin", "male", "1987-06-27", "99100", "51108"), Recipient, CancellationToken.None);

        var quotient = Assert.IsType<FamilyQuotientResult.Found>(result).Quotient;
        Assert.Equal((200, QuotientProvider.Msa, new QuotientMonth(2024, 9)), (quotient.Value, quotient.Provider, quotient.Month));
    }

    [Fact]
    public async Task ByIdentityAsync_NoFileAtTheFunds_NotFound()
    {
        Assert.IsType<FamilyQuotientResult.NotFound>(await Source.ByIdentityAsync(Identity("Alexis", "DUPONT", "female", "1982-12-27", "99100", "08480"), Recipient, CancellationToken.None));
    }

    [Fact]
    public async Task ByIdentityAsync_ProviderDown_Unavailable()
    {
        var result = await Source.ByIdentityAsync(Identity("Fournisseur", "INDISPONIBLE", "female", "1980-01-01", "99100", "75056"), Recipient, CancellationToken.None);

        Assert.Equal(UnavailableReason.ProviderDown, Assert.IsType<FamilyQuotientResult.Unavailable>(result).Reason);
    }

    [Fact]
    public async Task ByIdentityAsync_RateLimited_UnavailableWithTheRetryAfter()
    {
        var result = await Source.ByIdentityAsync(Identity("Depasse", "QUOTA", "male", "1980-01-01", "99100"), Recipient, CancellationToken.None);

        var unavailable = Assert.IsType<FamilyQuotientResult.Unavailable>(result);
        Assert.Equal((UnavailableReason.RateLimited, TimeSpan.FromSeconds(30)), (unavailable.Reason, unavailable.RetryAfter));
    }

    [Fact]
    public async Task ByIdentityAsync_WrongToken_AccessDeniedTokenRejected()
    {
        using var wrong = Services("not-the-commune-token");

        var result = await wrong.GetRequiredService<IFamilyQuotientSource>().ByIdentityAsync(Identity("Alexis", "LEFEBVRE", "female", "1982-12-27", "99100"), Recipient, CancellationToken.None);

        Assert.Equal(AccessDenial.TokenRejected, Assert.IsType<FamilyQuotientResult.AccessDenied>(result).Reason);
    }

    [Fact]
    public async Task ByIdentityAsync_LocalProvidersPivotIdentity_FoundAsFranceConnectGivesIt()
    {
        // testfc1 of tools/franceconnect-local/identities.mjs, claims as the provider's userinfo has them.
        var result = await Source.ByIdentityAsync(Identity("Stéphane Louis Perceval", "DUPONT", "male", "1962-08-24", "99100", "75112"), Recipient, CancellationToken.None);

        Assert.Equal(QuotientProvider.Caf, Assert.IsType<FamilyQuotientResult.Found>(result).Quotient.Provider);
    }

    [Fact]
    public async Task ByFranceConnectAsync_SignedInCitizenOfTheLocalProvider_FoundFromTheAccessToken()
    {
        var accessToken = await FranceConnectAccessTokens.SignInAsync(identity: 1); // Éric Julien MERCIER

        var result = await Source.ByFranceConnectAsync(accessToken, Recipient, CancellationToken.None);

        var quotient = Assert.IsType<FamilyQuotientResult.Found>(result).Quotient;
        Assert.Equal((2550, QuotientProvider.Caf, new QuotientMonth(2024, 2)), (quotient.Value, quotient.Provider, quotient.Month));
    }

    [Fact]
    public async Task ByFranceConnectAsync_SignedInCitizenWithoutFile_NotFound()
    {
        var accessToken = await FranceConnectAccessTokens.SignInAsync(identity: 3); // PRENOM ERIC CIS QUARANTECINQ: no fixture

        Assert.IsType<FamilyQuotientResult.NotFound>(await Source.ByFranceConnectAsync(accessToken, Recipient, CancellationToken.None));
    }

    [Fact]
    public async Task ByFranceConnectAsync_TokenTheProviderDoesNotKnow_AccessDeniedTokenRejected()
    {
        var result = await Source.ByFranceConnectAsync("an-access-token-franceconnect-never-issued", Recipient, CancellationToken.None);

        Assert.Equal(AccessDenial.TokenRejected, Assert.IsType<FamilyQuotientResult.AccessDenied>(result).Reason);
    }

    [Fact]
    public async Task ByIdentityAsync_NothingListensAtTheAddress_UnavailableNetworkError()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ApiParticulier:BaseUrl"] = $"http://127.0.0.1:{TestEnvironment.FreePort()}",
            ["ApiParticulier:Token"] = SimulatorToken,
        }).Build();
        using var nowhere = new ServiceCollection().AddLogging().AddFamilyQuotient(configuration).BuildServiceProvider();

        var result = await nowhere.GetRequiredService<IFamilyQuotientSource>().ByIdentityAsync(Identity("Alexis", "LEFEBVRE", "female", "1982-12-27", "99100"), Recipient, CancellationToken.None);

        Assert.Equal(UnavailableReason.NetworkError, Assert.IsType<FamilyQuotientResult.Unavailable>(result).Reason);
    }

    public void Dispose() => services.Dispose();
}
