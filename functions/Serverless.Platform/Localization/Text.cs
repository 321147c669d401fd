using System.Globalization;

namespace Serverless.Platform.Localization;

/// <summary>A piece of product text in both languages.</summary>
public sealed record Text(string Fr, string En)
{
    public string In(Language language) => language == Language.English ? En : Fr;

    public string Format(Language language, params object[] args) =>
        string.Format(Culture(language), In(language), args);

    public static CultureInfo Culture(Language language) =>
        CultureInfo.GetCultureInfo(language == Language.English ? "en-GB" : "fr-FR");
}
