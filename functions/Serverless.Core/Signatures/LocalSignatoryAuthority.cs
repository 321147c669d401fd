using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Certificates;

namespace Serverless.Core.Signatures;

/// <summary>
/// Locally, a certificate authority of its own: a root created on first use, and one PFX per (commune, signatory)
/// issued by it on first use, kept in <c>signatories/</c> beside it (files readable by their owner only; the first of
/// two racing processes wins; reused while valid and issued by the current root). Not for production: in Azure each
/// signatory's key lives in Key Vault (<see cref="KeyVaultSignatoryKeys"/>).
/// </summary>
public sealed partial class LocalSignatoryAuthority(IOptions<SignatureOptions> options, TimeProvider clock, ILogger<LocalSignatoryAuthority> logger) : ISignatoryKeys
{
    public const string RootFileName = "signatories-root.pfx";
    public const string SignatoriesFolderName = "signatories";
    private const int KeySize = 3072;

    private readonly ConcurrentDictionary<(string Commune, string Id), Lazy<LocalSignatoryKey>> keys = new();
    private readonly Lazy<X509Certificate2> root = new(() => LoadOrCreateRoot(options.Value, clock.GetUtcNow()));

    public string Folder => SigningCertificates.LocalFolder(options.Value.LocalDirectory);

    /// <summary>The authority's root certificate (with its key), for tests and for a verifier that wants to trust it.</summary>
    public X509Certificate2 Root => root.Value;

    public Task<ISignatoryKey> GetAsync(Signatory signatory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signatory);
        var key = keys.GetOrAdd((signatory.Commune, signatory.Id), _ => new Lazy<LocalSignatoryKey>(() => LoadOrIssue(signatory))).Value;
        return Task.FromResult<ISignatoryKey>(key);
    }

    /// <summary>Where a signatory's PFX is kept: signatories/&lt;commune&gt;/&lt;id&gt;.pfx.</summary>
    public string PathOf(Signatory signatory)
    {
        ArgumentNullException.ThrowIfNull(signatory);
        return Path.Combine(Folder, SignatoriesFolderName, SigningCertificates.Slug(signatory.Commune), $"{SigningCertificates.Slug(signatory.Id)}.pfx");
    }

    private LocalSignatoryKey LoadOrIssue(Signatory signatory)
    {
        var path = PathOf(signatory);
        var now = clock.GetUtcNow();
        if (File.Exists(path))
        {
            var existing = SigningCertificates.FromPkcs12(File.ReadAllBytes(path), null, path);
            if (existing.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(1) && IssuedByRoot(existing) && SameName(existing, signatory))
            {
                return new LocalSignatoryKey(existing, [Root]);
            }

            existing.Dispose();
        }

        var pfx = PrivateKeyFiles.Write(path, Issue(signatory, now));
        var certificate = SigningCertificates.FromPkcs12(pfx, null, path);
        LogIssued(logger, signatory.Commune, signatory.Id, certificate.Thumbprint);
        return new LocalSignatoryKey(certificate, [Root]);
    }

    /// <summary>"CN=&lt;name&gt;, T=&lt;title&gt;, O=&lt;commune&gt;, C=FR", RSA 3072, digitalSignature + nonRepudiation, document signing.</summary>
    private byte[] Issue(Signatory signatory, DateTimeOffset now)
    {
        using var key = RSA.Create(KeySize);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(signatory.Name);
        subject.Add("2.5.4.12", signatory.Title); // title (RFC 4519): the role shows in the signer's details
        subject.AddOrganizationName(signatory.Commune);
        subject.AddCountryOrRegion("FR");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        // Document signing (Microsoft) and e-mail protection: what PDF readers accept for signatures.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.4.1.311.10.3.12"), new Oid("1.3.6.1.5.5.7.3.4")], false));
        var notAfter = now.AddYears(3) < Root.NotAfter ? now.AddYears(3) : new DateTimeOffset(Root.NotAfter.ToUniversalTime());
        var rootSince = new DateTimeOffset(Root.NotBefore.ToUniversalTime());
        var notBefore = now.AddMinutes(-5) > rootSince ? now.AddMinutes(-5) : rootSince;
        using var issued = request.Create(Root, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        return withKey.Export(X509ContentType.Pfx);
    }

    private bool IssuedByRoot(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = clock.GetUtcNow().UtcDateTime;
        return chain.Build(certificate);
    }

    /// <summary>A renamed signatory (a new deputy on the same id) gets a new certificate: the old name must not sign.</summary>
    private static bool SameName(X509Certificate2 certificate, Signatory signatory) =>
        certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) == signatory.Name;

    private static X509Certificate2 LoadOrCreateRoot(SignatureOptions options, DateTimeOffset now)
    {
        var path = Path.Combine(SigningCertificates.LocalFolder(options.LocalDirectory), RootFileName);
        if (File.Exists(path))
        {
            var existing = SigningCertificates.FromPkcs12(File.ReadAllBytes(path), null, path);
            if (existing.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(30))
            {
                return existing;
            }

            existing.Dispose();
        }

        return SigningCertificates.FromPkcs12(PrivateKeyFiles.Write(path, CreateRoot(now)), null, path);
    }

    private static byte[] CreateRoot(DateTimeOffset now)
    {
        using var key = RSA.Create(KeySize);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("Autorité locale des signataires (développement)");
        subject.AddOrganizationName("Citizen e-services");
        subject.AddCountryOrRegion("FR");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        return certificate.Export(X509ContentType.Pfx);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Local signatory certificate issued for {Commune}/{Signatory} ({Thumbprint})")]
    private static partial void LogIssued(ILogger logger, string commune, string signatory, string thumbprint);
}
