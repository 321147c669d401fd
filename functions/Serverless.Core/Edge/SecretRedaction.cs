using System.Text.RegularExpressions;
using Serverless.Platform.Telemetry;

namespace Serverless.Core.Edge;

/// <summary>
/// Removes the secrets that travel in URLs before a URL is logged or sent to telemetry: the <c>{token}</c> segment of
/// every route that has one (review, revocation, erasure and sign-in links, drafts; taken from the route table, so a
/// route added later is covered without a change here) and the citizen's access code (the <c>access</c> query value).
/// </summary>
public static partial class SecretRedaction
{
    public const string Mask = "***";

    /// <summary>The masks, as telemetry applies them to the spans of requests.</summary>
    public static UrlRedaction ForTelemetry { get; } = new(Path, Query);

    /// <summary>The routes with a secret segment, as patterns whose group <c>token</c> is that segment.</summary>
    private static readonly Regex[] TokenRoutes =
        [.. RouteMethods.All.Select(entry => entry.Route).Distinct(StringComparer.Ordinal).Where(route => route.Contains("{token}", StringComparison.Ordinal)).Select(Pattern)];

    /// <summary>A path, with the token segment of every route that carries one masked.</summary>
    public static string Path(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var route in TokenRoutes)
        {
            path = route.Replace(path, match =>
            {
                var token = match.Groups["token"];
                return match.Value[..(token.Index - match.Index)] + Mask + match.Value[(token.Index - match.Index + token.Length)..];
            });
        }

        return path;
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

    /// <summary>A route template as a pattern found anywhere in a path or URL, its secret segment the group "token".</summary>
    private static Regex Pattern(string route) =>
        new(
            "(?:^|/)api/" + string.Join('/', route.Split('/').Select(segment => segment switch
            {
                "{token}" => "(?<token>[^/?#]*)",
                _ when segment.StartsWith('{') => "[^/?#]+",
                _ => Regex.Escape(segment),
            })) + "(?=$|[/?#])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [GeneratedRegex("([?&](?:access|token)=)[^&#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AccessValue();
}
