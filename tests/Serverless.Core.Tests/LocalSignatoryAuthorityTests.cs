using System.Security.Cryptography.X509Certificates;
using Serverless.Core.Signatures;

namespace Serverless.Core.Tests;

/// <summary>The local certificate authority: one certificate per signatory, kept, private to its owner, issued by one root.</summary>
public sealed class LocalSignatoryAuthorityTests
{
    [Fact]
    public async Task GetAsync_TwoAuthoritiesOnOneFolder_SignWithTheSameCertificateKeptInOwnerOnlyFiles()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"signatories-{Guid.NewGuid():N}");
        try
        {
            var first = await DecisionSamples.NewAuthority(folder).GetAsync(DecisionSamples.DirectorGeneral, CancellationToken.None);
            var authority = DecisionSamples.NewAuthority(folder);
            var second = await authority.GetAsync(DecisionSamples.DirectorGeneral, CancellationToken.None);

            Assert.Equal(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(authority.PathOf(DecisionSamples.DirectorGeneral)));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, LocalSignatoryAuthority.RootFileName)));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task GetAsync_Signatory_CertificateNamesThemIsForDocumentSigningAndChainsToTheRoot()
    {
        var authority = DecisionSamples.Authority.Value;

        var key = await authority.GetAsync(DecisionSamples.Deputy, CancellationToken.None);

        var certificate = key.Certificate;
        Assert.Equal("Marie Durand", certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Contains("O=saint-exemple", certificate.Subject, StringComparison.Ordinal);
        var usage = Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>());
        Assert.Equal(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, usage.KeyUsages);
        Assert.Contains(Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>()).EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(), oid => oid.Value == "1.3.6.1.4.1.311.10.3.12");
        Assert.Equal(authority.Root.Thumbprint, Assert.Single(key.Chain).Thumbprint);
        Assert.Equal(authority.Root.SubjectName.Name, certificate.IssuerName.Name);
    }

    [Fact]
    public async Task GetAsync_TwoSignatories_HaveTwoKeys()
    {
        var authority = DecisionSamples.Authority.Value;

        var visa = await authority.GetAsync(DecisionSamples.DirectorGeneral, CancellationToken.None);
        var decision = await authority.GetAsync(DecisionSamples.Deputy, CancellationToken.None);

        Assert.NotEqual(visa.Certificate.GetPublicKeyString(), decision.Certificate.GetPublicKeyString());
    }
}
