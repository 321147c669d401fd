using System.Text.RegularExpressions;

namespace Serverless.Core.Http.Edge;

/// <summary>
/// Removes the secrets that travel in URLs before a URL is logged or sent to telemetry: the signed token of review
/// and revocation links (a path segment) and the citizen's access code (the <c>access</c> query value).
/// </summary>
public static partial class SecretRedaction
{
    public const string Mask = "***";

    /// <summary>A path, with the token segment of <c>/api/review/…</c>, <c>/api/revoke/…</c> and <c>/api/agent/sign-in/…</c> masked.</summary>
    public static string Path(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return TokenSegment().Replace(path, "$1" + Mask);
    }

    /// <summary>A query string, with every <c>access</c> value masked.</summary>
    public static string Query(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return AccessValue().Replace(query, "$1" + Mask);
    }

    /// <summary>A path with its query (or a full URL).</summary>
    public static string Url(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var question = url.IndexOf('?', StringComparison.Ordinal);
        return question < 0 ? Path(url) : Path(url[..question]) + Query(url[question..]);
    }

    [GeneratedRegex("((?:^|/)api/(?:review|revoke|agent/sign-in)/)[^/?#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenSegment();

    [GeneratedRegex("([?&](?:access|token)=)[^&#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccessValue();
}
