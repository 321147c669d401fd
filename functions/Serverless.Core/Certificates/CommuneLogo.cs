using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PdfSharp.Drawing;

namespace Serverless.Core.Certificates;

/// <summary>
/// The commune's logo for certificates, read once from <see cref="CommuneOptions.LogoPath"/>. A missing, oversized
/// or unreadable file is logged and the certificate is printed without a logo: a logo never stops an approval.
/// </summary>
public sealed partial class CommuneLogo(IOptions<CommuneOptions> commune, ILogger<CommuneLogo> logger)
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly Lazy<byte[]?> png = new(() => Load(commune.Value.LogoPath, logger));

    /// <summary>The PNG bytes, or null when there is no usable logo.</summary>
    public byte[]? Png => png.Value;

    /// <summary>Reads and checks a logo file; null (and a warning) when it cannot be used.</summary>
    public static byte[]? Load(string? configuredPath, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (string.IsNullOrWhiteSpace(configuredPath))
        {
            return null;
        }

        var path = Path.IsPathRooted(configuredPath) ? configuredPath : Path.Combine(AppContext.BaseDirectory, configuredPath);
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists || file.Length > MaxBytes)
            {
                LogUnusable(logger, path, file.Exists ? "larger than 1 MB" : "missing");
                return null;
            }

            var bytes = File.ReadAllBytes(path);
            if (!bytes.AsSpan().StartsWith(PngSignature))
            {
                LogUnusable(logger, path, "not a PNG file");
                return null;
            }

            // PDFsharp must be able to embed it (a corrupt PNG can throw anything): decode once now rather than fail while issuing a certificate.
            using (XImage.FromStream(new MemoryStream(bytes, writable: false)))
            {
            }

            return bytes;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            LogUnreadable(logger, exception, path);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commune logo {Path} is not used ({Problem}): certificates are printed without a logo")]
    private static partial void LogUnusable(ILogger logger, string path, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Commune logo {Path} cannot be read: certificates are printed without a logo")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string path);
}
