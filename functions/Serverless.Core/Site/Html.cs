using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Serverless.Platform.Localization;

namespace Serverless.Core.Site;

/// <summary>Builds small HTML pages. Every value that came from a person goes through <see cref="E"/>.</summary>
public static class Html
{
    // All Unicode ranges allowed: French text stays readable ("é", not "&#233;"); markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? value) => Encoder.Encode(value ?? string.Empty);

    /// <summary>
    /// The one stylesheet of every page, inlined and allowed by its hash in the Content-Security-Policy
    /// (<see cref="StyleHash"/>): no <c>'unsafe-inline'</c>, so no injected style or script can apply. The commune's
    /// colour comes in through <c>--brand</c> (<see cref="PageIdentity.ThemeStyle"/>). Mobile first: nothing is wider
    /// than the screen at 320 px; a print rule leaves the acknowledgement of receipt on paper without the controls.
    /// </summary>
    public const string Stylesheet =
        ":root{--brand:#2f4858}*,*::before,*::after{box-sizing:border-box}\n" +
        "body{font-family:Arial,Helvetica,\"Liberation Sans\",sans-serif;margin:0;background:#f6f6f6;color:#161616;line-height:1.5;overflow-wrap:break-word}\n" +
        "header{background:var(--brand);color:#fff;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.75rem;align-items:center;justify-content:space-between}\n" +
        ".identity{display:flex;gap:.75rem;align-items:center}.identity p{margin:0}.identity img{width:3rem;height:3rem;background:#fff;border-radius:.2rem}\n" +
        ".identity span{display:block;font-size:.85rem}.identity strong{display:block;font-size:1.1rem}header a{color:#fff}\n" +
        "main{max-width:46rem;margin:1rem auto;background:#fff;padding:1rem;border:1px solid #ddd}@media (min-width:40rem){main{margin:1.5rem auto;padding:1.5rem}}\n" +
        "h1{font-size:1.6rem;margin-top:0}label{display:block;font-weight:bold;margin-top:1rem}a{color:#0b4f8a}a:focus,button:focus,input:focus,select:focus,textarea:focus,[tabindex]:focus{outline:3px solid #ffbf47;outline-offset:2px}\n" +
        "input,select,textarea{width:100%;max-width:100%;padding:.5rem;font:inherit;border:1px solid #666;border-radius:.25rem}\n" +
        "button,.button{display:inline-block;margin-top:1rem;padding:.6rem 1.2rem;font:inherit;border:0;border-radius:.25rem;background:var(--brand);color:#fff;cursor:pointer;text-decoration:none}\n" +
        "button.danger{background:#c9191e}button.secondary,.button.secondary{background:#fff;color:var(--brand);border:2px solid var(--brand)}.notice{padding:1rem;border-left:.3rem solid var(--brand);background:#eef2f4}\n" +
        ".error{padding:1rem;border-left:.3rem solid #c9191e;background:#fee}.ok{padding:1rem;border-left:.3rem solid #18753c;background:#e6feda}\n" +
        ".error-summary{padding:1rem;border:.2rem solid #c9191e;margin-bottom:1rem}.error-summary h2{margin-top:0;font-size:1.2rem}.field-error{display:block;color:#c9191e;font-weight:bold}\n" +
        "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top;overflow-wrap:anywhere}\n" +
        ".help{font-weight:normal;color:#555;font-size:.9rem}.required{color:#c9191e}code{font-size:1.1rem;background:#eee;padding:.1rem .3rem;overflow-wrap:anywhere}\n" +
        "fieldset{border:0;padding:0;margin:1rem 0 0;min-width:0}legend{font-weight:bold;padding:0}.choice{font-weight:normal;margin-top:.3rem}.choice input{width:auto;margin-right:.4rem}\n" +
        "button.changes{background:#b34000}.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}\n" +
        "@media print{body{background:#fff}header{background:#fff;color:#000;border-bottom:2px solid #000}header a,form,.no-print{display:none}main{border:0;margin:0;max-width:none;padding:0}a{color:#000}}\n" +
        ".scroll{overflow-x:auto;max-width:100%}figure{margin:1rem 0}svg{display:block;max-width:100%;height:auto}\n" +
        "main.wide{max-width:80rem}nav.bo{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;margin-bottom:1rem}nav.bo form{margin:0}nav.bo button{margin:0}\n" +
        ".filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:0 1rem}.inline input{width:auto}.overdue{color:#b00020;font-weight:bold}a[aria-current]{font-weight:bold}\n" +
        "a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #b34000;outline-offset:2px}td input[type=checkbox]{width:1.3rem;height:1.3rem}.note{border-left:.3rem solid #666;padding:.3rem .8rem;margin:.5rem 0;background:#f6f6f6}\n" +
        ".document{white-space:pre-wrap;border:1px solid #ddd;padding:1rem;background:#fcfcfc}del{background:#fde0e0;color:#7a0000}ins{background:#dff5d8;color:#0b4a1a}ol.history{padding-left:1.2rem}details{margin-top:1rem}summary{cursor:pointer;font-weight:bold}\n" +
        ".fc-button{background:#000091;color:#fff;padding:.6rem 1.2rem;min-height:3.5rem;text-align:left}.fc-button span{display:block}.fc-brand{font-weight:bold;font-size:1.15rem}.fc-button:hover{background:#1212ff}\n" +
        "input[readonly]{background:#eee;border-style:dashed}.verified{display:inline-block;margin-left:.4rem;padding:0 .4rem;border:1px solid #18753c;color:#18753c;font-size:.85rem;font-weight:bold}\n";

    /// <summary>The CSP source that allows exactly <see cref="Stylesheet"/>.</summary>
    public static readonly string StyleHash = "'sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Stylesheet))) + "'";

    /// <summary>The header of pages that belong to no commune in particular (a refused link, an unknown address).</summary>
    public const string PlatformName = "Services en ligne";

    /// <summary>What a page may add to its frame: an error state (title prefixed, RGAA 11.10) and a language switch.</summary>
    public sealed record PageOptions(bool HasErrors = false, string? LanguageSwitchUrl = null)
    {
        /// <summary>The document's title when it says more than the heading (RGAA 8.6: each step its own title).</summary>
        public string? DocumentTitle { get; init; }
    }

    public static string Page(string title, string body, Language language, string communeName) =>
        Page(title, body, language, PageIdentity.Platform(communeName), new PageOptions());

    public static string Page(string title, string body, Language language, PageIdentity identity) =>
        Page(title, body, language, identity, new PageOptions());

    public static string Page(string title, string body, Language language, PageIdentity identity, PageOptions options)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(options);
        var prefix = options.HasErrors ? new Text("Erreur : ", "Error: ").In(language) : string.Empty;
        var other = language == Language.French ? Language.English : Language.French;
        var languageSwitch = options.LanguageSwitchUrl is { } url
            ? $"<p class=\"no-print\"><a href=\"{E(url)}\" lang=\"{other.Code()}\" hreflang=\"{other.Code()}\">{(other == Language.English ? "English" : "Français")}</a></p>"
            : string.Empty;
        return $$"""
        <!doctype html>
        <html lang="{{language.Code()}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(prefix + (options.DocumentTitle ?? title))}} – {{E(identity.Name)}}</title>
        <style>{{Stylesheet}}</style>
        <style>{{identity.ThemeStyle}}</style>
        </head>
        <body>
        <header>{{Heading(identity)}}{{languageSwitch}}</header>
        <main>
        <h1>{{E(title)}}</h1>
        {{body}}
        </main>
        </body>
        </html>
        """;
    }

    /// <summary>
    /// The heading of a municipal act, not the State's brand block (which communes may not use). It stays in French
    /// on English pages (it is the commune's name), hence <c>lang="fr"</c>. The back office's layout shows it too.
    /// </summary>
    public static string Heading(PageIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var logo = identity.Logo is { } png ? $"<img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" alt=\"\">" : string.Empty;
        var lines = identity.Department is null
            ? $"<strong>{E(identity.Name)}</strong>"
            : $"<span>République française</span><span>{E(identity.Department)}</span><strong>{E(identity.Name)}</strong>";
        return $"<div class=\"identity\" lang=\"fr\">{logo}<p>{lines}</p></div>";
    }

    public static string Table(IEnumerable<(string Label, string Value)> rows)
    {
        var html = new StringBuilder("<table>");
        foreach (var (label, value) in rows)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
        }

        return html.Append("</table>").ToString();
    }

    /// <summary>A short page that says one thing: a refusal, a confirmation, an error.</summary>
    public static string Message(string title, string message, string cssClass, Language language, string communeName) =>
        Message(title, message, cssClass, language, PageIdentity.Platform(communeName));

    public static string Message(string title, string message, string cssClass, Language language, PageIdentity identity) =>
        Page(title, $"<p class=\"{cssClass}\">{E(message)}</p>", language, identity);
}
