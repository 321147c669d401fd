using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Serverless.Core.Signatures;

/// <summary>One signatory's certificate and the means to sign with its key, wherever the key lives.</summary>
public interface ISignatoryKey
{
    /// <summary>The signatory's certificate (public part only is needed).</summary>
    X509Certificate2 Certificate { get; }

    /// <summary>The certificates between the signatory's and the root, the root included when known; embedded in every signature.</summary>
    IReadOnlyList<X509Certificate2> Chain { get; }

    /// <summary>An RSASSA-PKCS1-v1_5 signature of <paramref name="hash"/> (a SHA-256 digest): the key may be far away, hence async.</summary>
    Task<byte[]> SignHashAsync(byte[] hash, CancellationToken cancellationToken);
}

/// <summary>Finds (or, locally, creates) the key of a signatory.</summary>
public interface ISignatoryKeys
{
    Task<ISignatoryKey> GetAsync(Signatory signatory, CancellationToken cancellationToken);
}

/// <summary>A key held in this process (the local authority's PFX files, tests).</summary>
public sealed class LocalSignatoryKey(X509Certificate2 certificate, IReadOnlyList<X509Certificate2> chain) : ISignatoryKey
{
    public X509Certificate2 Certificate { get; } = certificate;

    public IReadOnlyList<X509Certificate2> Chain { get; } = chain;

    public Task<byte[]> SignHashAsync(byte[] hash, CancellationToken cancellationToken)
    {
        using var key = Certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException($"The certificate {Certificate.Subject} has no RSA private key.");
        return Task.FromResult(key.SignHash(hash, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }
}
