using Serverless.Platform.Http;

namespace Serverless.Core.Site;

/// <summary>The product's pages as answers: the stylesheet and the communes' themes are the only styles they allow.</summary>
public static class PageResults
{
    /// <summary>The style sources of every page: the product's stylesheet and the hashes of the communes' themes.</summary>
    public static string StyleSources => $"{Html.StyleHash} {PageIdentity.AllowedThemeHashes}";

    /// <summary>A page of the product, with the Content-Security-Policy that allows only its styles.</summary>
    public static WrittenResult Page(int statusCode, string html, string? formTarget = null) => Serverless.Platform.Http.Results.Html(statusCode, html, StyleSources, formTarget);
}
