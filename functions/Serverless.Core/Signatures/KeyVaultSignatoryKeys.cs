using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Security.KeyVault.Certificates;
using Microsoft.Extensions.Options;
using Serverless.Core.Certificates;

namespace Serverless.Core.Signatures;

/// <summary>
/// In Azure: each signatory's certificate is the Key Vault certificate <c>signatory-{commune}-{id}</c>, whose key
/// (non-exportable, created with the certificate's CSR) signs through <see cref="KeyVaultDigestSigner"/>. Only the
/// public certificate is read; the app needs certificates/get on the vault and keys/sign on each signatory's key.
/// </summary>
public sealed class KeyVaultSignatoryKeys(IOptions<SignatureOptions> options, TokenCredential credential, IHttpClientFactory http) : ISignatoryKeys
{
    private readonly ConcurrentDictionary<string, Task<KeyVaultSignatoryKey>> keys = new();

    /// <summary>The certificate's (and its key's) name: Key Vault names allow letters, digits and dashes only.</summary>
    public static string CertificateName(Signatory signatory)
    {
        ArgumentNullException.ThrowIfNull(signatory);
        return $"signatory-{SigningCertificates.Slug(signatory.Commune)}-{SigningCertificates.Slug(signatory.Id)}";
    }

    public async Task<ISignatoryKey> GetAsync(Signatory signatory, CancellationToken cancellationToken)
    {
        var name = CertificateName(signatory);
        var pending = keys.GetOrAdd(name, _ => LoadAsync(name, CancellationToken.None));
        try
        {
            return await pending.WaitAsync(cancellationToken);
        }
        catch (Exception) when (pending.IsFaulted)
        {
            // A certificate not yet issued or a permission not yet granted: ask the vault again next time.
            keys.TryRemove(new KeyValuePair<string, Task<KeyVaultSignatoryKey>>(name, pending));
            throw;
        }
    }

    private async Task<KeyVaultSignatoryKey> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var vault = new Uri(options.Value.KeyVaultUri ?? throw new InvalidOperationException($"{SignatureOptions.Section}:KeyVaultUri is not set."));
        var client = new CertificateClient(vault, credential);
        KeyVaultCertificateWithPolicy certificate = await client.GetCertificateAsync(name, cancellationToken);
        var publicCertificate = X509CertificateLoader.LoadCertificate(certificate.Cer);
        // The vault holds the signatory's certificate only; the commune's CA chain is the verifier's to trust.
        return new KeyVaultSignatoryKey(publicCertificate, [], certificate.KeyId, new KeyVaultDigestSigner(http.CreateClient(nameof(KeyVaultDigestSigner)), credential));
    }
}

/// <summary>A signatory's certificate and the Key Vault key (versioned id) that signs for it.</summary>
public sealed class KeyVaultSignatoryKey(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain, Uri keyId, KeyVaultDigestSigner signer) : ISignatoryKey
{
    public X509Certificate2 Certificate { get; } = certificate;

    public IReadOnlyList<X509Certificate2> Chain { get; } = chain;

    public Uri KeyId { get; } = keyId;

    public Task<byte[]> SignHashAsync(byte[] hash, CancellationToken cancellationToken) => signer.SignAsync(KeyId, hash, cancellationToken);
}
