using System.Globalization;
using System.Text;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Localization;

namespace Serverless.Core.OpenData;

/// <summary>
/// A commune's public statistics page, built on the server (no script): two SVG charts over the month totals
/// (volumes; processing times), each with a text alternative (role="img", title and description), and the same
/// numbers in tables with a caption and headers. A suppressed figure is drawn as no bar and written "secret".
/// </summary>
public static class OpenDataPage
{
    private const int ChartWidth = 360;
    private const int ChartHeight = 260;
    private const int Left = 48;
    private const int Bottom = 40;

    public static string Render(CommuneDefinition commune, PublishedStatistics? published, Language language)
    {
        ArgumentNullException.ThrowIfNull(commune);
        string T(string fr, string en) => language == Language.English ? en : fr;
        Func<(string Fr, string En), string> t = text => T(text.Fr, text.En);
        var body = new StringBuilder();
        body.Append(language == Language.English
            ? "<p><a href=\"?lang=fr\" lang=\"fr\" hreflang=\"fr\">Version française</a></p>"
            : "<p><a href=\"?lang=en\" lang=\"en\" hreflang=\"en\">English version</a></p>");
        body.Append("<p>").Append(Html.E(T(
            $"Chaque nuit, le service publie pour {commune.Name} les demandes déposées et décidées, par démarche et par mois, et leurs délais de traitement. Les effectifs inférieurs à {commune.SecrecyThreshold} sont masqués (secret statistique), ainsi que ceux qui permettraient de les recalculer.",
            $"Every night the service publishes, for {commune.Name}, the applications submitted and decided per procedure and month, and their processing times. Counts below {commune.SecrecyThreshold} are hidden (statistical secrecy), and so are those that would let them be recomputed."))).Append("</p>");
        body.Append("<ul>")
            .Append(Link(Routes.OpenDataCsv, commune.Id, T("Données au format CSV", "Data as CSV")))
            .Append(Link(Routes.OpenDataJson, commune.Id, T("Données au format JSON", "Data as JSON")))
            .Append("<li><a href=\"/api/").Append(Routes.OpenDataSchema).Append("\">").Append(Html.E(T("Schéma des données (Table Schema)", "Data schema (Table Schema)"))).Append("</a></li></ul>");
        if (commune.IdentifiersAreExamples)
        {
            body.Append("<p class=\"notice\">").Append(Html.E(T("Commune d'exemple : son SIREN et son SIRET sont fictifs.", "Sample commune: its SIREN and SIRET are fictitious."))).Append("</p>");
        }

        var totals = published?.Rows.Where(row => row.ProcedureId == PublishedStatistics.AllProcedures).ToList() ?? [];
        if (totals.Count == 0)
        {
            body.Append("<p>").Append(Html.E(T("Aucune statistique publiée pour l'instant.", "No statistics published yet."))).Append("</p>");
        }
        else
        {
            body.Append("<h2>").Append(Html.E(T("Demandes par mois", "Applications per month"))).Append("</h2>");
            body.Append(VolumesChart(totals, t)).Append(VolumesTable(totals, t));
            body.Append("<h2>").Append(Html.E(T("Délais de traitement", "Processing times"))).Append("</h2>");
            body.Append(DelaysChart(totals, t)).Append(DelaysTable(totals, t));
            body.Append("<p class=\"help\">").Append(Html.E(T($"Publié le {published!.PublishedOn:yyyy-MM-dd}.", $"Published on {published.PublishedOn:yyyy-MM-dd}."))).Append("</p>");
        }

        return Html.Page(T("Statistiques des démarches en ligne", "Online services statistics"), body.ToString(), language, commune.Name);
    }

    private static string Link(string route, string communeId, string label) =>
        $"<li><a href=\"/api/{Html.E(route.Replace("{communeId}", Uri.EscapeDataString(communeId), StringComparison.Ordinal))}\">{Html.E(label)}</a></li>";

    private static string Number(long? value, Func<(string, string), string> t) => value?.ToString(CultureInfo.InvariantCulture) ?? t(("secret", "secret"));

    private static string Days(double? value, Func<(string, string), string> t) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? t(("non publié", "not published"));

    private static string VolumesChart(List<PublishedRow> totals, Func<(string, string), string> t)
    {
        var series = new[] { ("deposees", "#1f5f8b", t(("déposées", "submitted"))), ("decidees", "#b34000", t(("décidées", "decided"))) };
        var max = Math.Max(1, totals.SelectMany(row => series.Select(s => row.Counts[s.Item1] ?? 0)).Max());
        var summary = string.Join("; ", totals.Select(row => $"{row.Month}: {series[0].Item3} {Number(row.Counts["deposees"], t)}, {series[1].Item3} {Number(row.Counts["decidees"], t)}"));
        return Chart("volumes", t(("Demandes déposées et décidées par mois", "Applications submitted and decided per month")), summary, totals, series.Select(s => (s.Item2, s.Item3, (Func<PublishedRow, double?>)(row => row.Counts[s.Item1]))).ToList(), max);
    }

    private static string DelaysChart(List<PublishedRow> totals, Func<(string, string), string> t)
    {
        var series = new (string Color, string Label, Func<PublishedRow, double?> Value)[]
        {
            ("#1f5f8b", t(("médiane", "median")), row => row.MedianDays),
            ("#b34000", t(("90e centile", "90th percentile")), row => row.Percentile90Days),
        };
        var max = Math.Max(0.01, totals.SelectMany(row => series.Select(s => s.Value(row) ?? 0)).Max());
        var summary = string.Join("; ", totals.Select(row => $"{row.Month}: {series[0].Label} {Days(row.MedianDays, t)}, {series[1].Label} {Days(row.Percentile90Days, t)} {t(("jours", "days"))}"));
        return Chart("delais", t(("Délai de traitement en jours, médiane et 90e centile, par mois", "Processing time in days, median and 90th percentile, per month")), summary, totals, [.. series], max);
    }

    /// <summary>Grouped bars, one group per month; sizes are attributes (the page's CSP allows no inline style).</summary>
    private static string Chart(string id, string title, string summary, List<PublishedRow> totals, List<(string Color, string Label, Func<PublishedRow, double?> Value)> series, double max)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<figure><svg role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {ChartWidth} {ChartHeight}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Html.E(title)}</title><desc id=\"{id}-desc\">{Html.E(summary)}</desc>");
        var plotHeight = ChartHeight - Bottom - 16;
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{16 + plotHeight}\" x2=\"{ChartWidth - 8}\" y2=\"{16 + plotHeight}\" stroke=\"#161616\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"22\" text-anchor=\"end\" font-size=\"14\" fill=\"#161616\">{Html.E(max.ToString("0.##", CultureInfo.InvariantCulture))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{16 + plotHeight}\" text-anchor=\"end\" font-size=\"14\" fill=\"#161616\">0</text>");
        var groupWidth = (ChartWidth - Left - 8) / (double)totals.Count;
        var barWidth = Math.Max(2, groupWidth / (series.Count + 1));
        for (var index = 0; index < totals.Count; index++)
        {
            var x0 = Left + index * groupWidth + barWidth / 2;
            for (var s = 0; s < series.Count; s++)
            {
                if (series[s].Value(totals[index]) is { } value)
                {
                    var height = plotHeight * value / max;
                    svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0 + s * barWidth:0.#}\" y=\"{16 + plotHeight - height:0.#}\" width=\"{barWidth:0.#}\" height=\"{height:0.#}\" fill=\"{series[s].Color}\"/>");
                }
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0 + barWidth * series.Count / 2:0.#}\" y=\"{ChartHeight - 20}\" text-anchor=\"middle\" font-size=\"14\" fill=\"#161616\">{Html.E(totals[index].Month)}</text>");
        }

        for (var s = 0; s < series.Count; s++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + s * 130}\" y=\"{ChartHeight - 12}\" width=\"10\" height=\"10\" fill=\"{series[s].Color}\"/><text x=\"{Left + s * 130 + 14}\" y=\"{ChartHeight - 3}\" font-size=\"14\" fill=\"#161616\">{Html.E(series[s].Label)}</text>");
        }

        return svg.Append("</svg></figure>").ToString();
    }

    private static string VolumesTable(List<PublishedRow> totals, Func<(string, string), string> t)
    {
        var columns = new[]
        {
            ("deposees", t(("Déposées", "Submitted"))), ("decidees", t(("Décidées", "Decided"))), ("acceptees", t(("Acceptées", "Approved"))),
            ("refusees", t(("Refusées", "Rejected"))), ("decisions_implicites", t(("Décisions implicites", "Implicit decisions"))), ("retirees", t(("Retirées", "Withdrawn"))),
            ("abandonnees", t(("Abandonnées", "Abandoned"))), ("demandes_complements", t(("Demandes de compléments", "Requests for changes"))),
        };
        var html = new StringBuilder("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"volumes-caption\"><table><caption id=\"volumes-caption\">").Append(Html.E(t(("Demandes par mois, toutes démarches (« secret » : masqué par le secret statistique)", "Applications per month, all procedures (\"secret\": hidden by statistical secrecy)")))).Append("</caption><thead><tr><th scope=\"col\">").Append(Html.E(t(("Mois", "Month")))).Append("</th>");
        foreach (var (_, label) in columns)
        {
            html.Append("<th scope=\"col\">").Append(Html.E(label)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in totals)
        {
            html.Append("<tr><th scope=\"row\">").Append(Html.E(row.Month)).Append("</th>");
            foreach (var (column, _) in columns)
            {
                html.Append("<td>").Append(Html.E(Number(row.Counts[column], t))).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table></div>").ToString();
    }

    private static string DelaysTable(List<PublishedRow> totals, Func<(string, string), string> t)
    {
        var html = new StringBuilder("<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"delais-caption\"><table><caption id=\"delais-caption\">").Append(Html.E(t(("Délai entre le dépôt et la décision, en jours, toutes démarches", "Time from submission to decision, in days, all procedures")))).Append("</caption><thead><tr>")
            .Append("<th scope=\"col\">").Append(Html.E(t(("Mois", "Month")))).Append("</th><th scope=\"col\">").Append(Html.E(t(("Médiane", "Median")))).Append("</th><th scope=\"col\">").Append(Html.E(t(("90e centile", "90th percentile")))).Append("</th></tr></thead><tbody>");
        foreach (var row in totals)
        {
            html.Append("<tr><th scope=\"row\">").Append(Html.E(row.Month)).Append("</th><td>").Append(Html.E(Days(row.MedianDays, t))).Append("</td><td>").Append(Html.E(Days(row.Percentile90Days, t))).Append("</td></tr>");
        }

        return html.Append("</tbody></table></div>").ToString();
    }
}
