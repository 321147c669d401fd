using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Serverless.Core.Tests;

/// <summary>Signing certificates made for tests (RSA 2048: fast to create), as PFX bytes like configuration holds them.</summary>
internal static class TestSigningCertificates
{
    public const string Password = "mot de passe de test";

    private static readonly Lazy<byte[]> SharedPfx = new(() => CreatePfx("Mairie de Test", Password));

    /// <summary>One PFX (password <see cref="Password"/>) shared by the tests that only need "a" certificate.</summary>
    public static byte[] Pfx => SharedPfx.Value;

    public static X509Certificate2 Certificate() => X509CertificateLoader.LoadPkcs12(Pfx, Password);

    public static byte[] CreatePfx(string commonName, string? password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}, O=Tests, C=FR", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.Export(X509ContentType.Pfx, password);
    }
}
