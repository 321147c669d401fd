using System.Security.Cryptography;

namespace Serverless.Core.Signatures;

/// <summary>
/// What CmsSigner sees as the private key when the real key is elsewhere. CmsSigner signs synchronously, a remote
/// key answers asynchronously: a first pass records the hash CmsSigner wants signed (the signed attributes are
/// deterministic: no signing time), the signature is fetched, and a second pass gets it for that same hash.
/// </summary>
internal sealed class DeferredRsa : RSA
{
    private readonly RSAParameters publicParameters;
    private byte[]? signature;

    public DeferredRsa(RSA publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        publicParameters = publicKey.ExportParameters(includePrivateParameters: false);
        KeySizeValue = publicKey.KeySize;
        LegalKeySizesValue = [new KeySizes(KeySizeValue, KeySizeValue, 0)];
    }

    /// <summary>The hash CmsSigner asked to sign in the first pass.</summary>
    public byte[]? RequestedHash { get; private set; }

    public void Supply(byte[] value) => signature = value;

    public override byte[] SignHash(byte[] hash, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (hashAlgorithm != HashAlgorithmName.SHA256 || padding != RSASignaturePadding.Pkcs1)
        {
            throw new NotSupportedException("Signatures are RSASSA-PKCS1-v1_5 with SHA-256.");
        }

        if (signature is not null)
        {
            if (RequestedHash is null || !CryptographicOperations.FixedTimeEquals(hash, RequestedHash))
            {
                throw new CryptographicException("The signed attributes changed between the two passes.");
            }

            return signature;
        }

        RequestedHash = hash;
        return new byte[KeySizeValue / 8];
    }

    public override RSAParameters ExportParameters(bool includePrivateParameters) =>
        includePrivateParameters ? throw new CryptographicException("The private key is not here.") : publicParameters;

    public override void ImportParameters(RSAParameters parameters) => throw new NotSupportedException();

    public override bool VerifyHash(byte[] hash, byte[] signature, HashAlgorithmName hashAlgorithm, RSASignaturePadding padding)
    {
        using var key = Create(publicParameters);
        return key.VerifyHash(hash, signature, hashAlgorithm, padding);
    }
}
