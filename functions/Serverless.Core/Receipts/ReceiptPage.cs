using System.Text;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Localization;

namespace Serverless.Core.Receipts;

/// <summary>The printable acknowledgement of receipt: the page prints without its links (the stylesheet's print rule).</summary>
public static class ReceiptPage
{
    public static string Render(CommuneDefinition commune, IReadOnlyList<ReceiptSection> sections, string statusUrl, string pdfUrl, Language language, string? languageSwitchUrl)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var body = new StringBuilder();
        body.Append("<p class=\"no-print\"><a href=\"").Append(Html.E(pdfUrl)).Append("\">")
            .Append(Html.E(new Text("Télécharger l'accusé de réception (PDF)", "Download the acknowledgement of receipt (PDF)").In(language))).Append("</a> – ")
            .Append(Html.E(new Text("ou imprimez cette page.", "or print this page.").In(language))).Append("</p>");
        foreach (var section in sections)
        {
            if (section.Heading.Length > 0)
            {
                body.Append("<h2>").Append(Html.E(section.Heading)).Append("</h2>");
            }

            var rows = section.Lines.Where(line => line.Label.Length > 0).ToList();
            foreach (var (_, text) in section.Lines.Where(line => line.Label.Length == 0))
            {
                body.Append("<p>").Append(Html.E(text)).Append("</p>");
            }

            if (rows.Count > 0)
            {
                body.Append(Html.Table(rows));
            }
        }

        body.Append("<p class=\"no-print\"><a href=\"").Append(Html.E(statusUrl)).Append("\">")
            .Append(Html.E(new Text("Suivre ma demande", "Follow my application").In(language))).Append("</a></p>");
        return Html.Page(AcknowledgementOfReceipt.Title.In(language), body.ToString(), language, PageIdentity.Of(commune), new Html.PageOptions(LanguageSwitchUrl: languageSwitchUrl));
    }
}
