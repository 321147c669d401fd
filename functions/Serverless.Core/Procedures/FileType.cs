namespace Serverless.Core.Procedures;

/// <summary>A file type recognised by its first bytes, never by the name or the declared content type.</summary>
public sealed record FileType(string Name, string ContentType, string Extension, byte[] MagicBytes)
{
    public static readonly FileType Pdf = new("PDF", "application/pdf", ".pdf", "%PDF-"u8.ToArray());
    public static readonly FileType Jpeg = new("JPEG", "image/jpeg", ".jpg", [0xFF, 0xD8, 0xFF]);
    public static readonly FileType Png = new("PNG", "image/png", ".png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

    public bool Matches(ReadOnlySpan<byte> content) => content.StartsWith(MagicBytes);

    public static FileType? Detect(ReadOnlySpan<byte> content, IEnumerable<FileType> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Matches(content))
            {
                return candidate;
            }
        }

        return null;
    }
}
