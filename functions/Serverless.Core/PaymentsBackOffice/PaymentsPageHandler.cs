using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.BackOffice;
using Serverless.Core.Deadlines;
using Serverless.Core.Payments;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.PaymentsBackOffice;

/// <summary>
/// <c>GET /api/agent/payments?regie=…&amp;day=yyyy-MM-dd</c> (page) and <c>/api/agent/payments.csv</c> (the
/// accountant's export): the payments a régie cashed on one Paris day, as <see cref="PaymentLedger.PaidOnAsync"/>
/// reads them from the <c>Payments</c> index, with totals and the ones to refund. Who: the commune's administrator
/// and the agents of the role the régie names (<see cref="Review.AgentAccess.RegieIds"/>); for anyone else — another
/// commune's agent, another service's — the régie is the same 404 as one that does not exist. The commune is always
/// the session's, never one from the request.
/// </summary>
public sealed class PaymentsPageHandler(AgentAuthentication authentication, ProcedureCatalog catalogue, PaymentLedger ledger, TimeProvider clock)
{
    public const string Path = BackOfficeLayout.Home + "/payments";

    public async Task<IActionResult> PageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (agent, commune, regie, day, language, refusal) = await OpenAsync(request, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var payments = PaymentDay.InReportOrder(await ledger.PaidOnAsync(commune!.Id, regie!.Id, day, cancellationToken));
        var body = Render(agent!, commune, regie, day, payments, language);
        return PageResults.Page(200, BackOfficeLayout.Page(BackOfficeLayout.T(language, "Paiements encaissés", "Payments received"), body, language, BackOfficeLayout.IdentityOf(commune), agent, "payments"));
    }

    public async Task<IActionResult> CsvAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (_, commune, regie, day, _, refusal) = await OpenAsync(request, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var payments = await ledger.PaidOnAsync(commune!.Id, regie!.Id, day, cancellationToken);
        return new StreamedResult("text/csv; charset=utf-8", $"paiements-{commune.Id}-{regie.Id}-{Iso(day)}.csv", (body, token) => PaymentDay.WriteCsvAsync(payments, catalogue, body, token));
    }

    /// <summary>The signed-in agent, their commune, the régie and day asked, or the answer to give instead.</summary>
    private async Task<(SignedInAgent? Agent, CommuneDefinition? Commune, RegieDefinition? Regie, DateOnly Day, Language Language, IActionResult? Refusal)> OpenAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var language = LanguageNegotiation.FromRequest(request);
        if (await authentication.CurrentAsync(request, cancellationToken) is not { } agent)
        {
            return (null, null, null, default, language, Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language)));
        }

        var commune = catalogue.FindCommune(agent.CommuneId);
        var kept = (commune?.Regies ?? []).Where(regie => agent.Access.KeepsBooksOf(regie.Id)).ToList();
        var asked = request.Query["regie"].ToString();
        var regie = asked.Length == 0 ? kept.FirstOrDefault() : kept.FirstOrDefault(candidate => candidate.Id == asked);
        if (commune is null || regie is null)
        {
            return (agent, commune, null, default, language, NotFound(agent, commune, language));
        }

        var dayAsked = request.Query["day"].ToString();
        if (dayAsked.Length == 0)
        {
            return (agent, commune, regie, ParisToday.Of(clock), language, null);
        }

        return DateOnly.TryParseExact(dayAsked, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? (agent, commune, regie, day, language, null)
            : (agent, commune, regie, default, language, PageResults.Page(400, BackOfficeLayout.Message(
                BackOfficeLayout.T(language, "Jour invalide", "Invalid day"),
                BackOfficeLayout.T(language, "Le jour s'écrit AAAA-MM-JJ, par exemple 2027-03-15.", "The day is written YYYY-MM-DD, for example 2027-03-15."),
                "error",
                language,
                BackOfficeLayout.IdentityOf(commune),
                agent)));
    }

    /// <summary>The same answer for a régie that does not exist and one the agent does not keep the books of.</summary>
    private static WrittenResult NotFound(SignedInAgent agent, CommuneDefinition? commune, Language language) =>
        PageResults.Page(404, BackOfficeLayout.Message(
            BackOfficeLayout.T(language, "Régie introuvable", "Régie not found"),
            BackOfficeLayout.T(language, "Aucune régie de votre commune dont vous tenez les comptes ne porte cet identifiant.", "No régie of your commune whose books you keep has this identifier."),
            "error",
            language,
            BackOfficeLayout.IdentityOf(commune),
            agent));

    private string Render(SignedInAgent agent, CommuneDefinition commune, RegieDefinition regie, DateOnly day, IReadOnlyList<PaidPayment> payments, Language language)
    {
        string T(string fr, string en) => BackOfficeLayout.T(language, fr, en);
        string Euros(long cents) => Html.E(PaymentEmails.Euros(cents, language));
        var html = new StringBuilder();
        html.Append("<form method=\"get\" action=\"").Append(Path).Append("\" aria-label=\"").Append(T("Régie et jour", "Régie and day")).Append("\">");
        if (language == Language.English)
        {
            html.Append(BackOfficeLayout.Hidden("lang", "en"));
        }

        html.Append("<div class=\"filters\"><div><label for=\"regie\">").Append(T("Régie", "Régie")).Append("</label><select id=\"regie\" name=\"regie\">");
        foreach (var kept in commune.Regies.Where(candidate => agent.Access.KeepsBooksOf(candidate.Id)))
        {
            html.Append("<option value=\"").Append(Html.E(kept.Id)).Append('"').Append(kept.Id == regie.Id ? " selected" : string.Empty).Append('>').Append(Html.E(kept.Name)).Append("</option>");
        }

        html.Append("</select></div><div><label for=\"day\">").Append(T("Jour des paiements (heure de Paris)", "Day of the payments (Paris time)")).Append("</label><input type=\"date\" id=\"day\" name=\"day\" required value=\"").Append(Iso(day)).Append("\"></div></div>")
            .Append("<button type=\"submit\">").Append(T("Afficher", "Show")).Append("</button></form>");

        var date = Html.E(ApplicationSummary.LongDate(day, language));
        var totals = PaymentDayTotals.Of(payments);
        html.Append("<h2>").Append(Html.E(regie.Name)).Append(" – ").Append(date).Append("</h2>")
            .Append("<p>").Append(T("Numéro client PayFiP", "PayFiP client number")).Append(" : <code>").Append(Html.E(regie.ClientNumber)).Append("</code></p>");
        if (payments.Count == 0)
        {
            html.Append("<p class=\"notice\" role=\"status\">").Append(T("Aucun paiement encaissé ce jour.", "No payment received that day.")).Append("</p>");
        }
        else
        {
            html.Append("<ul class=\"notice\" aria-label=\"").Append(T("Totaux du jour", "The day's totals")).Append("\">")
                .Append("<li>").Append(Html.E(Count(totals.Count, language))).Append(T(" encaissés : ", " received: ")).Append(Euros(totals.AmountInCents)).Append("</li>");
            if (totals.ToRefund > 0)
            {
                html.Append("<li>").Append(T($"dont à rembourser (dette déjà payée, ou demande close) : {totals.ToRefund} – ", $"of which to refund (debt already paid, or application closed): {totals.ToRefund} – ")).Append(Euros(totals.ToRefundInCents)).Append("</li>")
                    .Append("<li>").Append(T("Reste à la régie : ", "Kept by the régie: ")).Append(Euros(totals.KeptInCents)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("<p><a href=\"").Append(Path).Append(".csv?regie=").Append(Html.E(Uri.EscapeDataString(regie.Id))).Append("&amp;day=").Append(Iso(day)).Append("\">")
            .Append(T("Exporter le jour pour le comptable (CSV, colonnes du relevé quotidien PayFiP)", "Export the day for the accountant (CSV, the columns of PayFiP's daily report)")).Append("</a></p>");
        if (payments.Count == 0)
        {
            return html.ToString();
        }

        html.Append("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"").Append(T("Paiements du jour", "The day's payments")).Append("\"><table><caption>")
            .Append(T("Paiements encaissés le ", "Payments received on ")).Append(date).Append("</caption><thead><tr>");
        foreach (var header in new[] { T("Heure", "Time"), T("Référence", "Reference"), T("Démarche", "Procedure"), T("Référence de la dette (refdet)", "Debt reference (refdet)"), T("Montant", "Amount"), T("N° d'autorisation", "Authorisation no."), T("Remarque", "Note") })
        {
            html.Append("<th scope=\"col\">").Append(Html.E(header)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var payment in payments)
        {
            var procedure = catalogue.Find(payment.ProcedureId);
            var time = payment.TransactionTime is { } at ? ApplicationSummary.ParisTime(at).ToString("HH:mm", CultureInfo.InvariantCulture) : "—";
            html.Append("<tr><td>").Append(time).Append("</td><th scope=\"row\">");
            // The application's page only for the agents who may open it (a restricted procedure's stays with its role).
            if (agent.Access.Covers(payment.ProcedureId))
            {
                html.Append("<a href=\"").Append(BackOfficeLayout.Home).Append("/applications/").Append(Html.E(Uri.EscapeDataString(payment.Reference))).Append(BackOfficeLayout.Lang(language)).Append("\">").Append(Html.E(payment.Reference)).Append("</a>");
            }
            else
            {
                html.Append(Html.E(payment.Reference));
            }

            html.Append("</th><td>").Append(Html.E(procedure is null ? payment.ProcedureId : procedure.Title.In(language))).Append("</td><td><code>").Append(Html.E(payment.DebtReference)).Append("</code></td><td>")
                .Append(Euros(payment.AmountInCents)).Append("</td><td><code>").Append(Html.E(payment.TransactionNumber ?? "—")).Append("</code></td><td>")
                .Append(payment.Refund ? "<strong>" + T("à rembourser", "to refund") + "</strong>" : string.Empty).Append("</td></tr>");
        }

        html.Append("</tbody><tfoot><tr><th scope=\"row\" colspan=\"4\">").Append(T("Total", "Total")).Append(" (").Append(Html.E(Count(totals.Count, language))).Append(")</th><td>").Append(Euros(totals.AmountInCents))
            .Append("</td><td colspan=\"2\"></td></tr></tfoot></table></div>");
        return html.ToString();
    }

    private static string Count(int count, Language language) => language == Language.English
        ? string.Create(CultureInfo.InvariantCulture, $"{count} payment{(count == 1 ? string.Empty : "s")}")
        : string.Create(CultureInfo.InvariantCulture, $"{count} paiement{(count == 1 ? string.Empty : "s")}");

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
