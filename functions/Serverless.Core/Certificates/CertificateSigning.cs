using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PdfSharp.Pdf.Signatures;

namespace Serverless.Core.Certificates;

/// <summary>
/// The commune's signing certificate, loaded once on first use (see <see cref="CertificateSigningOptions"/>), and the
/// signature of each certificate issued with it.
/// </summary>
public sealed partial class CertificateSigning
{
    private readonly Lazy<(LoadedSigningCertificate Loaded, IDigitalSigner Signer)> state;
    /// <summary>The name on a generated development certificate: one signing certificate serves the whole deployment.</summary>
    public const string DevelopmentSignerName = "Services en ligne";

    private readonly TimeProvider clock;

    public CertificateSigning(IOptions<CertificateSigningOptions> options, TimeProvider clock, ILogger<CertificateSigning> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.clock = clock;
        state = new(() =>
        {
            var loaded = SigningCertificates.Load(options.Value, DevelopmentSignerName, clock.GetUtcNow());
            LogLoaded(logger, loaded.Certificate.Subject, loaded.Certificate.Thumbprint, loaded.Source);
            if (loaded.Source.Contains("development certificate", StringComparison.Ordinal))
            {
                LogDevelopmentCertificate(logger);
            }

            return (loaded, CertificateSignature.SignerFor(loaded.Certificate));
        });
    }

    public X509Certificate2 Certificate => state.Value.Loaded.Certificate;

    /// <summary>The signature for a certificate issued now, in the issuing commune's town.</summary>
    public CertificateSignature Signature(string city) => Signature(city, clock.GetUtcNow());

    /// <summary>The signature dated as the workflow fixed it, so a retried issue signs with the same time as the first.</summary>
    public CertificateSignature Signature(string city, DateTimeOffset signedAt) =>
        new(state.Value.Signer, CertificateSignature.NameOf(Certificate), signedAt, city);

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificates are signed by {Subject} ({Thumbprint}) from {Source}")]
    private static partial void LogLoaded(ILogger logger, string subject, string thumbprint, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificates are signed with a self-signed local development certificate: set CertificateSigning:Pfx (Key Vault) in production")]
    private static partial void LogDevelopmentCertificate(ILogger logger);
}
