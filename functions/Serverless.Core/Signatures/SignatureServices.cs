using Azure.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Platform.Storage;

namespace Serverless.Core.Signatures;

/// <summary>The elected officials' signature engine, for the signature circuit to inject.</summary>
public static class SignatureServices
{
    /// <summary>
    /// Registers <see cref="DecisionDocumentRenderer"/>, <see cref="PdfSignatureAppender"/>, <see cref="PdfSignatureReader"/>
    /// and <see cref="ISignatoryKeys"/>: Key Vault when <c>Signatures:KeyVaultUri</c> is set, else the local authority.
    /// </summary>
    public static IServiceCollection AddSignatures(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SignatureOptions.Section);
        services.AddOptions<SignatureOptions>().Bind(section);
        services.AddHttpClient(nameof(SignatureTimestamper), client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(nameof(KeyVaultDigestSigner), client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<SignatureTimestamper>();
        services.AddSingleton<CadesSignature>();
        services.AddSingleton<DecisionDocumentRenderer>();
        services.AddSingleton<PdfSignatureAppender>();
        services.AddSingleton<PdfSignatureReader>();
        services.AddSingleton<Certificates.IDocumentSignatures, DocumentSignatures>();
        if (string.IsNullOrWhiteSpace(section[nameof(SignatureOptions.KeyVaultUri)]))
        {
            services.AddSingleton<ISignatoryKeys, LocalSignatoryAuthority>();
        }
        else
        {
            // The app's identity, as the Functions host uses it for storage (AzureWebJobsStorage__credential, __clientId).
            var storage = configuration.GetSection("AzureWebJobsStorage");
            services.AddSingleton<ISignatoryKeys>(provider => ActivatorUtilities.CreateInstance<KeyVaultSignatoryKeys>(
                provider, (TokenCredential)StorageClients.Credential(storage["credential"], storage["clientId"])));
        }

        return services;
    }
}
