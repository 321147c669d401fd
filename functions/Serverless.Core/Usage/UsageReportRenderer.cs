using System.Globalization;
using System.Text;
using Serverless.Core.OpenData;
using Serverless.Core.Site;
using Serverless.Platform.Localization;

namespace Serverless.Core.Usage;

/// <summary>
/// The usage report as CSV and as an HTML page for the deployment's administrator. It takes the caller's
/// <see cref="UsageScope"/> as given: the back office mounts the page behind its own sign-in and passes the communes
/// the signed-in person administers; this class authenticates no one.
/// </summary>
public sealed class UsageReportRenderer(UsageReport report)
{
    public static readonly IReadOnlyList<string> CsvHeader =
        ["commune_id", "commune_nom", "mois", "demarche_id", "demandes", "courriels_envoyes", "attestations_emises", "stockage_octets", "livraisons_webhook", "cout_estime", "devise", "paiements_recus", "paiements_montant"];

    /// <summary>
    /// One line per commune × procedure (the commune's other figures on its "ensemble" line, with the cost). The two
    /// last columns, added with online payment, are the payments received and their amount in euros (not priced).
    /// </summary>
    public async Task<string> CsvAsync(UsageScope scope, string month, CancellationToken cancellationToken)
    {
        var rows = await report.BuildAsync(scope, month, cancellationToken);
        var csv = new StringBuilder().AppendJoin(',', CsvHeader).Append("\r\n");
        foreach (var row in rows)
        {
            foreach (var (procedureId, count) in row.ApplicationsByProcedure.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                csv.AppendJoin(',', [row.CommuneId, StatisticsFormats.Quote(row.CommuneName), row.Month, procedureId, Invariant(count), "", "", "", "", "", "", "", ""]).Append("\r\n");
            }

            csv.AppendJoin(',', [
                row.CommuneId, StatisticsFormats.Quote(row.CommuneName), row.Month, PublishedStatistics.AllProcedures, Invariant(row.Applications), Invariant(row.EmailsSent),
                Invariant(row.CertificatesIssued), Invariant(row.StorageBytesHeld), Invariant(row.WebhookDeliveries), row.EstimatedCost.ToString("0.0000", CultureInfo.InvariantCulture), report.Pricing.Currency,
                Invariant(row.PaymentsReceived), Euros(row.PaymentsReceivedCents),
            ]).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>The report's body (table and unit prices), for a page's layout: the back office frames it with its own.</summary>
    public async Task<string> BodyAsync(UsageScope scope, string month, Language language, CancellationToken cancellationToken)
    {
        var rows = await report.BuildAsync(scope, month, cancellationToken);
        string T(string fr, string en) => language == Language.English ? en : fr;
        var html = new StringBuilder("<table><caption>").Append(Html.E(T($"Consommation par commune, {month} (coût estimé en {report.Pricing.Currency})", $"Usage per commune, {month} (estimated cost in {report.Pricing.Currency})"))).Append("</caption><thead><tr>");
        foreach (var header in new[] { T("Commune", "Commune"), T("Demandes", "Applications"), T("Courriels envoyés", "E-mails sent"), T("Attestations émises", "Certificates issued"), T("Stockage (octets)", "Storage (bytes)"), T("Livraisons webhook", "Webhook deliveries"), T("Paiements reçus (montant)", "Payments received (amount)"), T("Coût estimé", "Estimated cost") })
        {
            html.Append("<th scope=\"col\">").Append(Html.E(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            var byProcedure = string.Join(", ", row.ApplicationsByProcedure.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} : {Invariant(pair.Value)}"));
            html.Append("<tr><th scope=\"row\">").Append(Html.E(row.CommuneName)).Append("</th><td>").Append(Html.E(Invariant(row.Applications)));
            if (byProcedure.Length > 0)
            {
                html.Append(" <span class=\"help\">(").Append(Html.E(byProcedure)).Append(")</span>");
            }

            html.Append("</td><td>").Append(Invariant(row.EmailsSent)).Append("</td><td>").Append(Invariant(row.CertificatesIssued)).Append("</td><td>")
                .Append(Invariant(row.StorageBytesHeld)).Append("</td><td>").Append(Invariant(row.WebhookDeliveries)).Append("</td><td>")
                .Append(Invariant(row.PaymentsReceived)).Append(" (").Append(Html.E(Euros(row.PaymentsReceivedCents))).Append(" EUR)</td><td>")
                .Append(row.EstimatedCost.ToString("0.0000", CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        html.Append("</tbody></table><h2>").Append(Html.E(T("Prix unitaires", "Unit prices"))).Append("</h2><ul>");
        foreach (var (name, price) in report.Pricing.Prices.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            html.Append("<li>").Append(Html.E($"{name} : {price.Amount.ToString(CultureInfo.InvariantCulture)} {report.Pricing.Currency} / {price.Unit} — {price.Source} ({price.Date})")).Append("</li>");
        }

        html.Append("</ul>");
        return html.ToString();
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Euros(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
