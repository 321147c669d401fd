using System.Globalization;
using System.Text;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace Serverless.Core.Signatures;

/// <summary>
/// Writes PDF objects as text (ISO 32000-1 §7.3): the few kinds a signature update needs, and any dictionary PDFsharp
/// read from the document, so that an object can be written again with an entry added.
/// </summary>
internal static class PdfSyntax
{
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A text string (§7.9.2.2): UTF-16BE with its byte order mark, hex-encoded, so any accent survives.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return $"<FEFF{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(value))}>";
    }

    /// <summary>A date (§7.9.4), in the time zone of the offset given: D:YYYYMMDDHHmmSS+HH'mm'.</summary>
    public static string Date(DateTimeOffset value)
    {
        var offset = value.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var magnitude = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"(D:{value:yyyyMMddHHmmss}{sign}{magnitude.Hours:00}'{magnitude.Minutes:00}')");
    }

    public static string Reference(int number, int generation) => string.Create(CultureInfo.InvariantCulture, $"{number} {generation} R");

    /// <summary>A dictionary read by PDFsharp, with <paramref name="replacements"/> written instead of (or besides) its entries.</summary>
    public static string Dictionary(PdfDictionary dictionary, IReadOnlyDictionary<string, string> replacements)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        ArgumentNullException.ThrowIfNull(replacements);
        var text = new StringBuilder("<<");
        foreach (var key in dictionary.Elements.Keys)
        {
            if (!replacements.ContainsKey(key))
            {
                text.Append(key).Append(' ').Append(Item(dictionary.Elements[key])).Append('\n');
            }
        }

        foreach (var (key, value) in replacements)
        {
            text.Append(key).Append(' ').Append(value).Append('\n');
        }

        return text.Append(">>").ToString();
    }

    public static string Item(PdfItem? item) => item switch
    {
        null or PdfNull => "null",
        PdfReference reference => Reference(reference.ObjectNumber, reference.GenerationNumber),
        PdfObject { Reference: { } reference } => Reference(reference.ObjectNumber, reference.GenerationNumber),
        PdfName name => name.Value,
        PdfString text => StringValue(text.Value),
        PdfBoolean boolean => boolean.Value ? "true" : "false",
        PdfInteger integer => integer.Value.ToString(CultureInfo.InvariantCulture),
        PdfLongInteger integer => integer.Value.ToString(CultureInfo.InvariantCulture),
        PdfReal real => Number(real.Value),
        PdfRectangle rectangle => $"[{Number(rectangle.X1)} {Number(rectangle.Y1)} {Number(rectangle.X2)} {Number(rectangle.Y2)}]",
        PdfArray array => $"[{string.Join(' ', array.Elements.Select(Item))}]",
        PdfDictionary dictionary when dictionary is not PdfObject { IsIndirect: true } => Dictionary(dictionary, new Dictionary<string, string>()),
        _ => throw new NotSupportedException($"A {item.GetType().Name} cannot be written again in a signature update."),
    };

    /// <summary>Plain ASCII as a literal string, anything else as a text string.</summary>
    private static string StringValue(string value)
    {
        if (value.All(character => character is >= ' ' and <= '~'))
        {
            return $"({value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal)})";
        }

        return Text(value);
    }
}
