using Microsoft.AspNetCore.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Addresses;

/// <summary>Addresses a page links to about itself.</summary>
public static class PageLinks
{
    /// <summary>This very address (relative, same origin) with <c>lang</c> set to the other language.</summary>
    public static string OtherLanguage(HttpRequest request, Language current)
    {
        ArgumentNullException.ThrowIfNull(request);
        var other = current == Language.French ? Language.English : Language.French;
        var query = request.Query
            .Where(pair => !pair.Key.Equals("lang", StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(value ?? string.Empty)}"))
            .Append($"lang={other.Code()}");
        return $"{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }
}
