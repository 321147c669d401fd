using System.Globalization;
using System.Text;

namespace Serverless.Core.BackOffice;

/// <summary>Accent- and case-insensitive text for search: "Lœvenbrück" and "loevenbruck" fold to the same thing.</summary>
public static class TextFolding
{
    public static string Fold(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var decomposed = value.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var character in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            _ = character switch
            {
                'œ' or 'Œ' => folded.Append("oe"),
                'æ' or 'Æ' => folded.Append("ae"),
                'ß' => folded.Append("ss"),
                _ => folded.Append(char.ToLowerInvariant(character)),
            };
        }

        return folded.ToString();
    }
}
