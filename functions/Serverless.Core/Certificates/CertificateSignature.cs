using System.Security.Cryptography.X509Certificates;
using PdfSharp.Pdf.Signatures;

namespace Serverless.Core.Certificates;

/// <summary>
/// How one certificate is signed: the signer (which holds the key) and what the visible signature box says.
/// </summary>
public sealed record CertificateSignature(IDigitalSigner Signer, string SignerName, DateTimeOffset SignedAt, string Location)
{
    /// <summary>The /Reason of the PDF signature, also printed in the box.</summary>
    public const string Reason = "Délivrance de l'attestation";

    /// <summary>A CMS (PKCS#7 detached, SHA-256) signer for the certificate; reuse it, it caches the signature size.</summary>
    public static IDigitalSigner SignerFor(X509Certificate2 certificate) =>
        new PdfSharpDefaultSigner(certificate, PdfMessageDigestType.SHA256);

    /// <summary>The name printed as the signer: the certificate's common name.</summary>
    public static string NameOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
    }
}
