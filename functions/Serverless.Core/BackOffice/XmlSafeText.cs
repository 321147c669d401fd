using System.Text;

namespace Serverless.Core.BackOffice;

/// <summary>
/// Text that an XML 1.0 document (XLSX and ODS cells) can carry. XML 1.0 allows tab, line feed, carriage return and
/// U+0020–U+D7FF, U+E000–U+FFFD and the supplementary planes (as surrogate pairs): anything else a citizen managed to
/// type (a control character, U+FFFE, U+FFFF, a lone surrogate) becomes U+FFFD, so the export still opens and the
/// agent sees that a character was there. Emoji and other pairs are kept.
/// </summary>
public static class XmlSafeText
{
    private const char Replacement = '\uFFFD';

    public static string Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var index = FirstInvalid(value);
        if (index < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length).Append(value, 0, index);
        while (index < value.Length)
        {
            var character = value[index];
            if (char.IsHighSurrogate(character) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]))
            {
                text.Append(character).Append(value[index + 1]);
                index += 2;
                continue;
            }

            text.Append(IsAllowed(character) ? character : Replacement);
            index++;
        }

        return text.ToString();
    }

    private static int FirstInvalid(string value)
    {
        for (var index = 0; index < value.Length; index++)
        {
            var character = value[index];
            if (char.IsHighSurrogate(character) && index + 1 < value.Length && char.IsLowSurrogate(value[index + 1]))
            {
                index++;
                continue;
            }

            if (!IsAllowed(character))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>One UTF-16 unit that is a whole XML 1.0 character (surrogates are checked in pairs by the caller).</summary>
    private static bool IsAllowed(char character) =>
        character is '\t' or '\n' or '\r'
        || (character >= '\u0020' && character <= '\uD7FF')
        || (character >= '\uE000' && character <= '\uFFFD');
}
