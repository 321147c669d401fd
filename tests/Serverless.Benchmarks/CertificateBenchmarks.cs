using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Certificates;

namespace Serverless.Benchmarks;

/// <summary>
/// Generating a certificate on the approval path, unsigned and signed, against the raw limits measured in the same
/// run: a blank one-page PDFsharp document, the SHA-256 of a signed certificate, one RSA-3072 signature.
/// </summary>
[MemoryDiagnoser]
public class CertificateBenchmarks
{
    private readonly CertificateRenderer renderer = new();
    private CertificateContent content = null!;
    private CertificateSignature signature = null!;
    private X509Certificate2 certificate = null!;
    private RSA key = null!;
    private byte[] signedPdf = [];
    private byte[] digest = [];

    [GlobalSetup]
    public void Setup()
    {
        var now = new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
        content = Samples.Content(now) with { LogoPng = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "catalogue", "logos", "saint-exemple.png")) };

        // The production default: an RSA 3072 certificate, as generated for local development.
        certificate = X509CertificateLoader.LoadPkcs12(SigningCertificates.CreateSelfSigned("Commune de Saint-Exemple", now), null);
        signature = new CertificateSignature(CertificateSignature.SignerFor(certificate), CertificateSignature.NameOf(certificate), now, "Saint-Exemple");
        key = certificate.GetRSAPrivateKey()!;
        signedPdf = renderer.Render(content, signature);
        digest = SHA256.HashData(signedPdf);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        key.Dispose();
        certificate.Dispose();
    }

    [Benchmark(Description = "Raw limit: blank one-page PDFsharp document")]
#pragma warning disable CA1822 // BenchmarkDotNet runs instance methods.
    public byte[] BlankPdfSharpPage()
    {
        using var document = new PdfSharp.Pdf.PdfDocument();
        document.AddPage();
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
#pragma warning restore CA1822

    [Benchmark(Description = "Raw limit: SHA-256 of a signed certificate")]
    public byte[] Sha256OfSignedCertificate() => SHA256.HashData(signedPdf);

    [Benchmark(Description = "Raw limit: one RSA-3072 signature (SHA-256)")]
    public byte[] RsaSignature() => key.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    [Benchmark(Description = "Certificate, unsigned")]
    public byte[] UnsignedCertificate() => renderer.Render(content);

    [Benchmark(Description = "Certificate, signed (RSA 3072)")]
    public byte[] SignedCertificate() => renderer.Render(content, signature);
}
