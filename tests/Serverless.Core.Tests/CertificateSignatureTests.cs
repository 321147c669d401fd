using System.Security.Cryptography;
using Serverless.Core.Certificates;

namespace Serverless.Core.Tests;

/// <summary>The digital signature, checked as a verifier would: SignedCms over /ByteRange, and poppler's pdfsig.</summary>
public sealed class CertificateSignatureTests
{
    private static readonly CertificateRenderer Renderer = new();

    private static byte[] SignedCertificate()
    {
        using var certificate = TestSigningCertificates.Certificate();
        return Renderer.Render(CertificateSamples.Typical(), CertificateSamples.Signature(certificate));
    }

    [Fact]
    public void Render_WithSignature_SignedCmsVerifiesOverTheByteRangeWithTheCommuneCertificate()
    {
        var pdf = SignedCertificate();

        var cms = SignedPdf.Verify(pdf);

        using var expected = TestSigningCertificates.Certificate();
        var signer = Assert.Single(cms.SignerInfos.Cast<System.Security.Cryptography.Pkcs.SignerInfo>());
        Assert.Equal(expected.Thumbprint, signer.Certificate!.Thumbprint);
        Assert.Equal("2.16.840.1.101.3.4.2.1", signer.DigestAlgorithm.Value); // SHA-256
    }

    [Fact]
    public void Render_WithSignature_ByteRangeCoversTheWholeFileExceptTheSignature()
    {
        var pdf = SignedCertificate();

        var ranges = SignedPdf.ByteRange(pdf);

        Assert.Equal((byte)'<', pdf[ranges.Length1]);
        Assert.Equal((byte)'>', pdf[ranges.Start2 - 1]);
        Assert.Equal(pdf.Length, ranges.Start2 + ranges.Length2);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.9)]
    public void Verify_OneByteFlippedInsideTheSignedRange_Fails(double where)
    {
        var pdf = SignedCertificate();
        var ranges = SignedPdf.ByteRange(pdf);
        var position = where < 0.5 ? (int)(ranges.Length1 * where) : ranges.Start2 + (int)(ranges.Length2 * where);

        pdf[position] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => SignedPdf.Verify(pdf));
    }

    [Fact]
    public void Pdfsig_SignedCertificate_SaysTheSignatureIsValid()
    {
        var output = Poppler.Pdfsig(SignedCertificate());

        Assert.Contains("Signer Certificate Common Name: Mairie de Test", output, StringComparison.Ordinal);
        Assert.Contains("Signature Validation: Signature is Valid.", output, StringComparison.Ordinal);
        Assert.Contains("Total document signed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Pdfsig_AlteredCertificate_SaysTheSignatureIsInvalid()
    {
        var pdf = SignedCertificate();
        pdf[SignedPdf.ByteRange(pdf).Length1 / 2] ^= 0x01;

        var output = Poppler.Pdfsig(pdf);

        Assert.DoesNotContain("Signature is Valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SameSignerTwice_BothVerify()
    {
        using var certificate = TestSigningCertificates.Certificate();
        var signature = CertificateSamples.Signature(certificate);

        var first = Renderer.Render(CertificateSamples.Typical(), signature);
        var second = Renderer.Render(CertificateSamples.Typical() with { Number = "AT-2026-22222222AB" }, signature);

        SignedPdf.Verify(first);
        SignedPdf.Verify(second);
    }

    [Fact]
    public async Task Render_EightApprovalsAtOnceWithOneSigner_AllVerify()
    {
        using var certificate = TestSigningCertificates.Certificate();
        var signature = CertificateSamples.Signature(certificate);

        var documents = await Task.WhenAll(Enumerable.Range(0, 8).Select(index => Task.Run(() =>
            Renderer.Render(CertificateSamples.Typical() with { Number = $"AT-2026-2222222{index}AB" }, signature))));

        Assert.All(documents, pdf => SignedPdf.Verify(pdf));
        Assert.Equal(8, documents.Select(pdf => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(pdf))).Distinct().Count());
    }

    [Fact]
    public void Signature_FromConfiguredPfx_NamesTheCertificateAndTheCommuneCity()
    {
        var signing = new CertificateSigning(
            Microsoft.Extensions.Options.Options.Create(new CertificateSigningOptions { Pfx = Convert.ToBase64String(TestSigningCertificates.Pfx), PfxPassword = TestSigningCertificates.Password }),
            new FixedClock(CertificateSamples.IssuedAt),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CertificateSigning>.Instance);

        var signature = signing.Signature("Saint-Exemple");

        Assert.Equal("Mairie de Test", signature.SignerName);
        Assert.Equal("Saint-Exemple", signature.Location);
        Assert.Equal(CertificateSamples.IssuedAt, signature.SignedAt);
        Assert.Same(signature.Signer, signing.Signature("Villeneuve-sur-Gard").Signer);
    }
}
