using System.Globalization;

namespace Serverless.Core.Procedures;

/// <summary>
/// A commune's colour: white text is written on it (the page heading, buttons), so it must reach the WCAG AA
/// contrast of 4.5:1 with white (RGAA 3.2). Checked when the catalogue loads, so a pale colour never reaches a page.
/// </summary>
public static class ThemeColour
{
    /// <summary>A neutral slate blue (9.6:1 with white), used by communes that name no colour; not the State's blue.</summary>
    public const string Default = "#2f4858";

    public const double MinimumContrast = 4.5;

    /// <summary>The contrast ratio of white text on <paramref name="hex"/> (#rrggbb), from 1 to 21.</summary>
    public static double ContrastWithWhite(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var luminance = (0.2126 * Channel(hex, 1)) + (0.7152 * Channel(hex, 3)) + (0.0722 * Channel(hex, 5));
        return 1.05 / (luminance + 0.05);
    }

    /// <summary>Why this colour cannot be used, or null.</summary>
    public static string? Problem(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != 7 || hex[0] != '#' || !hex[1..].All(Uri.IsHexDigit))
        {
            return $"'{hex}' is not a colour written #rrggbb.";
        }

        var ratio = ContrastWithWhite(hex);
        return ratio < MinimumContrast
            ? string.Create(CultureInfo.InvariantCulture, $"white text on '{hex}' has a contrast of {ratio:0.00}:1, below the {MinimumContrast}:1 that RGAA 3.2 (WCAG 1.4.3) requires; choose a darker colour.")
            : null;
    }

    private static double Channel(string hex, int start)
    {
        var value = int.Parse(hex.AsSpan(start, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
        return value <= 0.04045 ? value / 12.92 : Math.Pow((value + 0.055) / 1.055, 2.4);
    }
}
