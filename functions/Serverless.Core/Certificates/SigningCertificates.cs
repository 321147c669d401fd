using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Serverless.Core.Certificates;

/// <summary>A signing certificate and where it came from (for the logs).</summary>
public sealed record LoadedSigningCertificate(X509Certificate2 Certificate, string Source);

/// <summary>
/// Loads the signing certificate from configuration, or creates and keeps the local development one. Every failure
/// says which setting to fix; a certificate without its private key is refused.
/// </summary>
public static class SigningCertificates
{
    public const string LocalFolderName = "citizen-eservices";
    public const int LocalKeySize = 3072;

    public static LoadedSigningCertificate Load(CertificateSigningOptions options, string communeName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        var password = string.IsNullOrEmpty(options.PfxPassword) ? null : options.PfxPassword;
        if (!string.IsNullOrWhiteSpace(options.Pfx))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(options.Pfx.Trim());
            }
            catch (FormatException exception)
            {
                throw new InvalidOperationException($"{CertificateSigningOptions.Section}:Pfx is not base64: it must be a base64-encoded PFX (PKCS#12).", exception);
            }

            return new(FromPkcs12(bytes, password, $"{CertificateSigningOptions.Section}:Pfx"), "configuration (base64 PFX)");
        }

        if (!string.IsNullOrWhiteSpace(options.PfxPath))
        {
            var path = Path.IsPathRooted(options.PfxPath) ? options.PfxPath : Path.Combine(AppContext.BaseDirectory, options.PfxPath);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"{CertificateSigningOptions.Section}:PfxPath points to {path}, which does not exist.");
            }

            return new(FromPkcs12(File.ReadAllBytes(path), password, $"{CertificateSigningOptions.Section}:PfxPath ({path})"), $"file {path}");
        }

        var localPath = LocalDevelopmentPath(options, communeName);
        try
        {
            return new(LocalDevelopment(localPath, communeName, now), $"local development certificate {localPath}");
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException && !File.Exists(localPath))
        {
            // A read-only file system (some hosting plans): still sign, with a key that lives as long as the process.
            return new(FromPkcs12(CreateSelfSigned(communeName, now), null, "in-memory certificate"), $"in-memory development certificate (could not write {localPath}: {exception.Message})");
        }
    }

    /// <summary>Loads a PKCS#12 blob; <paramref name="setting"/> names the setting in error messages.</summary>
    public static X509Certificate2 FromPkcs12(byte[] pfx, string? password, string setting)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12(pfx, password);
        }
        catch (CryptographicException exception)
        {
            throw new InvalidOperationException($"{setting} cannot be read as a PFX: the file is damaged or {CertificateSigningOptions.Section}:PfxPassword is wrong.", exception);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{setting} holds a certificate without its private key: export it with the key.");
        }

        return certificate;
    }

    /// <summary>Where the generated certificate is kept: outside the repository, one file per commune.</summary>
    public static string LocalDevelopmentPath(CertificateSigningOptions options, string communeName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var folder = LocalFolder(options.LocalDirectory);
        return Path.Combine(folder, $"signing-{Slug(communeName)}.pfx");
    }

    /// <summary>The configured folder, or citizen-eservices/ in the user's local data folder (keys stay outside the repository).</summary>
    public static string LocalFolder(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        // On Linux this is $XDG_DATA_HOME, or ~/.local/share when it is not set.
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(string.IsNullOrEmpty(data) ? Path.GetTempPath() : data, LocalFolderName);
    }

    /// <summary>Reuses the local development certificate, or creates it on first use (the first writer wins a race).</summary>
    public static X509Certificate2 LocalDevelopment(string path, string communeName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            var existing = FromPkcs12(File.ReadAllBytes(path), null, path);
            if (existing.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(1))
            {
                return existing;
            }

            existing.Dispose();
        }

        var pfx = PrivateKeyFiles.Write(path, CreateSelfSigned(communeName, now));
        return FromPkcs12(pfx, null, path);
    }

    /// <summary>An RSA 3072 self-signed document-signing certificate, "CN=&lt;commune&gt; (développement local), O=&lt;commune&gt;, C=FR".</summary>
    public static byte[] CreateSelfSigned(string communeName, DateTimeOffset now)
    {
        using var key = RSA.Create(LocalKeySize);
        var subject = new X500DistinguishedNameBuilder();
        // Encoded in this order, shown most specific first: CN=…, O=…, C=FR.
        subject.AddCommonName($"{communeName} (développement local)");
        subject.AddOrganizationName(communeName);
        subject.AddCountryOrRegion("FR");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // Document signing (Microsoft) and e-mail protection: what PDF readers accept for signatures.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.4.1.311.10.3.12"), new Oid("1.3.6.1.5.5.7.3.4")], false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(3));
        return certificate.Export(X509ContentType.Pfx);
    }

    /// <summary>"Commune de Saint-Étienne" → "commune-de-saint-etienne".</summary>
    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slug = new StringBuilder();
        foreach (var character in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var lower = char.ToLowerInvariant(character);
            if (char.IsAsciiLetterOrDigit(lower))
            {
                slug.Append(lower);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length == 0 ? "commune" : result;
    }
}
