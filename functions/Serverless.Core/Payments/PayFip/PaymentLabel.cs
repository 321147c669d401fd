using System.Globalization;
using System.Text;

namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// Makes a payment's label (objet) fit what PayFiP takes: letters without accents, digits and spaces, at most 100
/// characters. The public sources give the length but not the alphabet; integrations that run against PayFiP reduce
/// the label this way (docs/PAYMENTS.md), so that "Cantine — mars (école Jules-Ferry)" is never the reason a payment
/// cannot start. The label only describes the payment: nothing is matched on it.
/// </summary>
public static class PaymentLabel
{
    public const int MaxLength = 100;

    public static string Normalize(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return string.Empty;
        }

        var text = new StringBuilder(label.Length);
        foreach (var character in label.Replace("œ", "oe", StringComparison.Ordinal).Replace("Œ", "OE", StringComparison.Ordinal)
                     .Replace("æ", "ae", StringComparison.Ordinal).Replace("Æ", "AE", StringComparison.Ordinal)
                     .Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(character) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            text.Append(char.IsAsciiLetterOrDigit(character) ? character : ' ');
        }

        var words = text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var normalized = string.Join(' ', words);
        return normalized.Length <= MaxLength ? normalized : normalized[..MaxLength].TrimEnd();
    }
}
