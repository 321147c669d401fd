using System.Text;
using Serverless.Core.Site;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>
/// The layout of a form shown in another site's frame: no page header (the host page has its own), the shared
/// stylesheet with the commune's colour (the same theme as the full form page), and the widget's script in frame mode,
/// which reports the page's height to the allowed parent origins.
/// </summary>
public static class EmbedPage
{
    public static string Wrap(string title, string body, Language language, PageIdentity identity, IReadOnlyList<string> parentOrigins)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(parentOrigins);
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html lang=\"").Append(language.Code()).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Html.E(title)).Append(" – ").Append(Html.E(identity.Name)).Append("</title>\n")
            .Append("<style>").Append(Html.Stylesheet).Append("</style>\n")
            .Append("<style>").Append(identity.ThemeStyle).Append("</style>\n")
            .Append("<script src=\"/api/embed.js\" data-frame-origins=\"").Append(Html.E(string.Join(' ', parentOrigins))).Append("\" async></script>\n")
            .Append("</head>\n<body>\n<main>\n<h1>").Append(Html.E(title)).Append("</h1>\n")
            .Append(body)
            .Append("\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }
}
