using System.Security.Cryptography.X509Certificates;
using Serverless.Core.Certificates;

namespace Serverless.Core.Tests;

public sealed class SigningCertificatesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private readonly string folder = Path.Combine(Path.GetTempPath(), "signing-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Load_Base64PfxWithPassword_SignsWithThatCertificate()
    {
        using var expected = TestSigningCertificates.Certificate();
        var options = new CertificateSigningOptions { Pfx = Convert.ToBase64String(TestSigningCertificates.Pfx), PfxPassword = TestSigningCertificates.Password, LocalDirectory = folder };

        var loaded = SigningCertificates.Load(options, "Commune de Saint-Exemple", Now);

        Assert.Equal(expected.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Contains("base64", loaded.Source, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder), "No local certificate is generated when one is configured.");
    }

    [Fact]
    public void Load_Base64PfxWrappedOnSeveralLines_IsAccepted()
    {
        var wrapped = string.Join("\n", Convert.ToBase64String(TestSigningCertificates.Pfx).Chunk(64).Select(chunk => new string(chunk)));

        var loaded = SigningCertificates.Load(new CertificateSigningOptions { Pfx = wrapped, PfxPassword = TestSigningCertificates.Password }, "Commune", Now);

        Assert.True(loaded.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Load_PfxFileAndPassword_SignsWithThatCertificate()
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "commune.pfx");
        File.WriteAllBytes(path, TestSigningCertificates.Pfx);
        using var expected = TestSigningCertificates.Certificate();

        var loaded = SigningCertificates.Load(new CertificateSigningOptions { PfxPath = path, PfxPassword = TestSigningCertificates.Password }, "Commune", Now);

        Assert.Equal(expected.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.Equal($"file {path}", loaded.Source);
    }

    [Fact]
    public void Load_WrongPassword_FailsNamingThePasswordSetting()
    {
        var options = new CertificateSigningOptions { Pfx = Convert.ToBase64String(TestSigningCertificates.Pfx), PfxPassword = "pas le bon" };

        var exception = Assert.Throws<InvalidOperationException>(() => SigningCertificates.Load(options, "Commune", Now));

        Assert.Contains("CertificateSigning:PfxPassword", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PfxNotBase64_FailsNamingTheSetting()
    {
        var exception = Assert.Throws<InvalidOperationException>(() => SigningCertificates.Load(new CertificateSigningOptions { Pfx = "@Microsoft.KeyVault(SecretUri=…)" }, "Commune", Now));

        Assert.Contains("CertificateSigning:Pfx is not base64", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingPfxFile_FailsNamingThePath()
    {
        var path = Path.Combine(folder, "absent.pfx");

        var exception = Assert.Throws<InvalidOperationException>(() => SigningCertificates.Load(new CertificateSigningOptions { PfxPath = path }, "Commune", Now));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CertificateWithoutPrivateKey_IsRefused()
    {
        using var withKey = TestSigningCertificates.Certificate();
        using var stripped = X509CertificateLoader.LoadCertificate(withKey.RawData);
        var pfxWithoutKey = stripped.Export(X509ContentType.Pfx, "x");

        var exception = Assert.Throws<InvalidOperationException>(() => SigningCertificates.Load(new CertificateSigningOptions { Pfx = Convert.ToBase64String(pfxWithoutKey), PfxPassword = "x" }, "Commune", Now));

        Assert.Contains("without its private key", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NothingConfigured_GeneratesALocalCertificateOnceThenReusesIt()
    {
        var options = new CertificateSigningOptions { LocalDirectory = folder };

        var first = SigningCertificates.Load(options, "Commune de Saint-Étienne-du-Grès", Now);
        var second = SigningCertificates.Load(options, "Commune de Saint-Étienne-du-Grès", Now.AddDays(30));

        var file = Path.Combine(folder, "signing-commune-de-saint-etienne-du-gres.pfx");
        Assert.True(File.Exists(file));
        Assert.Equal($"local development certificate {file}", first.Source);
        Assert.Equal(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
        Assert.Equal("CN=Commune de Saint-Étienne-du-Grès (développement local), O=Commune de Saint-Étienne-du-Grès, C=FR", first.Certificate.Subject);
        using var key = first.Certificate.GetRSAPrivateKey();
        Assert.Equal(3072, key!.KeySize);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void Load_LocalFolderNotWritable_StillSignsWithAnInMemoryCertificate()
    {
        Directory.CreateDirectory(folder);
        var blocker = Path.Combine(folder, "a-file");
        File.WriteAllBytes(blocker, [0]);

        var loaded = SigningCertificates.Load(new CertificateSigningOptions { LocalDirectory = Path.Combine(blocker, "sub") }, "Commune", Now);

        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.StartsWith("in-memory development certificate", loaded.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LocalCertificateDamaged_FailsRatherThanSigningWithAnotherKeySilently()
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(SigningCertificates.LocalDevelopmentPath(new CertificateSigningOptions { LocalDirectory = folder }, "Commune"), [1, 2, 3]);

        Assert.Throws<InvalidOperationException>(() => SigningCertificates.Load(new CertificateSigningOptions { LocalDirectory = folder }, "Commune", Now));
    }

    [Fact]
    public void LocalDevelopmentPath_NoFolderConfigured_IsInTheUserDataFolderOutsideTheRepository()
    {
        var path = SigningCertificates.LocalDevelopmentPath(new CertificateSigningOptions(), "Commune de Saint-Exemple");

        Assert.EndsWith(Path.Combine("citizen-eservices", "signing-commune-de-saint-exemple.pfx"), path, StringComparison.Ordinal);
        var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        Assert.False(path.StartsWith(repository, StringComparison.Ordinal), $"{path} is inside {repository}");
    }

    [Fact]
    public void CreateSelfSigned_IsADocumentSigningCertificate()
    {
        using var certificate = X509CertificateLoader.LoadPkcs12(SigningCertificates.CreateSelfSigned("Commune de Saint-Exemple", Now), null);

        var usage = Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>());
        Assert.True(usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature));
        Assert.True(usage.KeyUsages.HasFlag(X509KeyUsageFlags.NonRepudiation));
        Assert.Equal(Now.AddYears(3).UtcDateTime, certificate.NotAfter.ToUniversalTime());
        Assert.True(certificate.HasPrivateKey);
    }
}
