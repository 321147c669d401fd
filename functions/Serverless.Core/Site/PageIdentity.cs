using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Serverless.Core.Procedures;

namespace Serverless.Core.Site;

/// <summary>
/// Who a page speaks for, as the heading of a municipal act says it: « République française — Département du … —
/// Commune de … », the commune's logo and its colour. Pages of no commune (a refused link, the verification of any
/// certificate of the deployment) carry the platform's name and the neutral colour.
/// </summary>
public sealed record PageIdentity(string Name, string? Department, string Colour, byte[]? Logo)
{
    private static readonly ConcurrentDictionary<string, string> ThemeHashes = new(StringComparer.Ordinal);

    public static PageIdentity Of(CommuneDefinition commune)
    {
        ArgumentNullException.ThrowIfNull(commune);
        return new PageIdentity(commune.Name, commune.Department, commune.Colour, commune.Logo);
    }

    public static PageIdentity Platform(string name) => new(name, null, ThemeColour.Default, null);

    /// <summary>
    /// The page's own style rule (its colour). Its hash joins the ones the Content-Security-Policy allows; colours
    /// come only from the catalogue (checked #rrggbb), so the set stays as small as the number of communes.
    /// </summary>
    public string ThemeStyle
    {
        get
        {
            var style = $":root{{--brand:{Colour}}}";
            ThemeHashes.GetOrAdd(style, static css => "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(css))) + "'");
            return style;
        }
    }

    /// <summary>The CSP sources of every theme style written so far.</summary>
    public static string AllowedThemeHashes => string.Join(' ', ThemeHashes.Values.Order(StringComparer.Ordinal));
}
