using Microsoft.AspNetCore.Http;

namespace Serverless.Platform.Localization;

/// <summary>The languages product text is written in. French comes first: it is the default.</summary>
public enum Language
{
    French,
    English,
}

public static class LanguageNegotiation
{
    /// <summary>
    /// Picks the language for a request: an explicit <c>lang</c> query or form value wins (a plain HTML form can
    /// carry it as a hidden field), then the first supported entry of Accept-Language, then French.
    /// </summary>
    public static Language FromRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (TryParse(request.Query["lang"].ToString(), out var fromQuery))
        {
            return fromQuery;
        }

        var ranked = request.GetTypedHeaders().AcceptLanguage
            .Where(value => value.Quality is null or > 0)
            .OrderByDescending(value => value.Quality ?? 1);
        foreach (var candidate in ranked)
        {
            if (TryParse(candidate.Value.Value, out var language))
            {
                return language;
            }
        }

        return Language.French;
    }

    public static bool TryParse(string? tag, out Language language)
    {
        language = Language.French;
        if (string.IsNullOrWhiteSpace(tag))
        {
            return false;
        }

        if (tag.StartsWith("fr", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            language = Language.English;
            return true;
        }

        return false;
    }

    public static string Code(this Language language) => language == Language.English ? "en" : "fr";
}
