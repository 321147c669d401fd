using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Core.Signatures;

namespace Serverless.Core.Tests;

/// <summary>What the signature circuit can inject, and which keys it gets from configuration.</summary>
public sealed class SignatureServicesTests
{
    [Fact]
    public void AddSignatures_NoKeyVault_GivesTheEngineWithTheLocalAuthority()
    {
        using var provider = Services(new Dictionary<string, string?>());

        Assert.NotNull(provider.GetRequiredService<DecisionDocumentRenderer>());
        Assert.NotNull(provider.GetRequiredService<PdfSignatureAppender>());
        Assert.NotNull(provider.GetRequiredService<PdfSignatureReader>());
        Assert.IsType<LocalSignatoryAuthority>(provider.GetRequiredService<ISignatoryKeys>());
    }

    [Fact]
    public void AddSignatures_KeyVaultUriSet_SignsWithKeyVault()
    {
        using var provider = Services(new Dictionary<string, string?> { ["Signatures:KeyVaultUri"] = "https://coffre-test.vault.azure.net/", ["AzureWebJobsStorage:credential"] = "managedidentity" });

        Assert.IsType<KeyVaultSignatoryKeys>(provider.GetRequiredService<ISignatoryKeys>());
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSignatures(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
