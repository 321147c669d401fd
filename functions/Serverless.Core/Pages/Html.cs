using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text;
using Serverless.Core.Localization;

namespace Serverless.Core.Pages;

/// <summary>Builds small HTML pages. Every value that came from a person goes through <see cref="E"/>.</summary>
public static class Html
{
    // All Unicode ranges allowed: French text stays readable ("é", not "&#233;"); markup characters are still encoded.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? value) => Encoder.Encode(value ?? string.Empty);

    /// <summary>
    /// The one stylesheet of every page, inlined and allowed by its hash in the Content-Security-Policy
    /// (<see cref="StyleHash"/>): no <c>'unsafe-inline'</c>, so no injected style or script can apply.
    /// </summary>
    public const string Stylesheet =
        "body{font-family:\"Marianne\",Arial,Helvetica,sans-serif;margin:0;background:#f6f6f6;color:#161616;line-height:1.5}\n" +
        "header{background:#000091;color:#fff;padding:1rem 1.5rem}header p{margin:0;font-weight:bold}\n" +
        "main{max-width:46rem;margin:1.5rem auto;background:#fff;padding:1.5rem;border:1px solid #ddd}\n" +
        "h1{font-size:1.6rem;margin-top:0}label{display:block;font-weight:bold;margin-top:1rem}\n" +
        "input,select,textarea{width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #666;border-radius:.25rem}\n" +
        "button{margin-top:1rem;padding:.6rem 1.2rem;font:inherit;border:0;border-radius:.25rem;background:#000091;color:#fff;cursor:pointer}\n" +
        "button.danger{background:#c9191e}.notice{padding:1rem;border-left:.3rem solid #000091;background:#eef}\n" +
        ".error{padding:1rem;border-left:.3rem solid #c9191e;background:#fee}.ok{padding:1rem;border-left:.3rem solid #18753c;background:#e6feda}\n" +
        "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}\n" +
        ".help{font-weight:normal;color:#555;font-size:.9rem}code{font-size:1.1rem;background:#eee;padding:.1rem .3rem}\n" +
        ".legend{font-weight:bold;margin:1rem 0 0}.choice{font-weight:normal;margin-top:.3rem}.choice input{width:auto}button.changes{background:#b34000}.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}\n" +
        ".scroll{overflow-x:auto;max-width:100%}figure{margin:1rem 0}svg{display:block;max-width:100%;height:auto}\n" +
        "main.wide{max-width:80rem}nav.bo{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;margin-bottom:1rem}nav.bo form{margin:0}nav.bo button{margin:0}\n" +
        ".filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:0 1rem}.inline input{width:auto}.overdue{color:#b00020;font-weight:bold}a{color:#000091}a[aria-current]{font-weight:bold}\n" +
        "a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #b34000;outline-offset:2px}td input[type=checkbox]{width:1.3rem;height:1.3rem}.note{border-left:.3rem solid #666;padding:.3rem .8rem;margin:.5rem 0;background:#f6f6f6}\n";

    /// <summary>The CSP source that allows exactly <see cref="Stylesheet"/>.</summary>
    public static readonly string StyleHash = "'sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Stylesheet))) + "'";

    /// <summary>The header of pages that belong to no commune in particular (a refused link, an unknown address).</summary>
    public const string PlatformName = "Services en ligne";

    public static string Page(string title, string body, Language language, string communeName) =>
        $$"""
        <!doctype html>
        <html lang="{{language.Code()}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{E(title)}} – {{E(communeName)}}</title>
        <style>{{Stylesheet}}</style>
        </head>
        <body>
        <header><p>{{E(communeName)}}</p></header>
        <main>
        <h1>{{E(title)}}</h1>
        {{body}}
        </main>
        </body>
        </html>
        """;

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
        Page(title, $"<p class=\"{cssClass}\">{E(message)}</p>", language, communeName);
}
