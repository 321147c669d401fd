using PdfSharp.Drawing;

namespace Serverless.Core.Pdf;

/// <summary>
/// Checks a commune's logo once, when the catalogue loads: a PNG of at most 1 MB that PDFsharp can embed. A corrupt
/// file is refused there, with the catalogue's other problems, rather than failing while a certificate is issued.
/// </summary>
public static class LogoFile
{
    public const int MaxBytes = 1024 * 1024;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Null when the bytes can be used, else why not (in English, for the operator).</summary>
    public static string? Problem(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length > MaxBytes)
        {
            return "larger than 1 MB";
        }

        if (!bytes.AsSpan().StartsWith(PngSignature))
        {
            return "not a PNG file";
        }

        EmbeddedFontResolver.Install();
        try
        {
            // A corrupt PNG can throw anything from the decoder.
            using (XImage.FromStream(new MemoryStream(bytes, writable: false)))
            {
            }

            return null;
        }
#pragma warning disable CA1031 // Any decoder failure means the same thing here: this logo cannot be printed.
        catch (Exception)
#pragma warning restore CA1031
        {
            return "a PNG that cannot be decoded";
        }
    }
}
