using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;

namespace Serverless.Core.BackOffice;

/// <summary>
/// <c>GET /api/agent</c>: the sign-in form, or for a signed-in agent the list of their commune's applications — the
/// "À traiter" tab first (awaiting a decision, overdue ones marked), filters, sort, search and pages.
/// </summary>
public sealed class ApplicationListHandler(
    AgentAuthentication authentication,
    SignInHandler signIn,
    ApplicationList list,
    ProcedureCatalog catalog,
    TimeProvider clock)
{
    public async Task<IActionResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var agent = await authentication.CurrentAsync(request, cancellationToken);
        if (agent is null)
        {
            return signIn.Form(request);
        }

        var language = LanguageNegotiation.FromRequest(request);
        var query = ApplicationListQuery.From(request.Query);
        var page = await list.PageAsync(agent.Access, agent.Email, query, cancellationToken);
        var commune = catalog.FindCommune(agent.CommuneId)!;
        var title = query.Tab == "todo" ? BackOfficeLayout.T(language, "À traiter", "To process") : BackOfficeLayout.T(language, "Toutes les demandes", "All applications");
        return PageResults.Page(200, BackOfficeLayout.Page(title, Render(agent, query, page, language), language, PageIdentity.Of(commune), agent, query.Tab));
    }

    private string Render(SignedInAgent agent, ApplicationListQuery query, ListPage page, Language language)
    {
        string T(string fr, string en) => BackOfficeLayout.T(language, fr, en);
        var procedures = catalog.All.Where(procedure => procedure.CommuneId == agent.CommuneId && agent.Access.Covers(procedure.Id)).OrderBy(procedure => procedure.Title.Fr, StringComparer.Ordinal).ToList();
        var html = new StringBuilder();
        html.Append("<form method=\"get\" action=\"").Append(BackOfficeLayout.Home).Append("\" aria-label=\"").Append(T("Filtres", "Filters")).Append("\">")
            .Append(BackOfficeLayout.Hidden("tab", query.Tab));
        if (language == Language.English)
        {
            html.Append(BackOfficeLayout.Hidden("lang", "en"));
        }

        html.Append("<div class=\"filters\">")
            .Append("<div><label for=\"q\">").Append(T("Rechercher (référence, demandeur)", "Search (reference, applicant)")).Append("</label><input type=\"search\" id=\"q\" name=\"q\" maxlength=\"100\" value=\"").Append(Html.E(query.Search)).Append("\"></div>")
            .Append("<div><label for=\"procedure\">").Append(T("Démarche", "Procedure")).Append("</label><select id=\"procedure\" name=\"procedure\"><option value=\"\">").Append(T("Toutes", "All")).Append("</option>");
        foreach (var procedure in procedures)
        {
            html.Append("<option value=\"").Append(Html.E(procedure.Id)).Append('"').Append(procedure.Id == query.ProcedureId ? " selected" : string.Empty).Append('>')
                .Append(Html.E(language == Language.English ? procedure.Title.En : procedure.Title.Fr)).Append("</option>");
        }

        html.Append("</select></div>")
            .Append("<div><label for=\"status\">").Append(T("Statut", "Status")).Append("</label><select id=\"status\" name=\"status\"><option value=\"\">").Append(T("Tous", "All")).Append("</option>");
        foreach (var status in query.Tab == "todo" ? [ApplicationStatus.UnderReview, ApplicationStatus.Incident, ApplicationStatus.Received] : Enum.GetValues<ApplicationStatus>())
        {
            html.Append("<option value=\"").Append(status).Append('"').Append(status == query.Status ? " selected" : string.Empty).Append('>').Append(Html.E(Label(status, language))).Append("</option>");
        }

        html.Append("</select></div>")
            .Append(DateInput("from", T("Déposée à partir du", "Submitted from"), query.SubmittedFrom))
            .Append(DateInput("to", T("Déposée jusqu'au", "Submitted until"), query.SubmittedTo))
            .Append(DateInput("dueBefore", T("Échéance avant le", "Due before"), query.DueBefore))
            .Append("<div><label for=\"sort\">").Append(T("Trier par", "Sort by")).Append("</label><select id=\"sort\" name=\"sort\">")
            .Append(Option("due", T("Échéance", "Due date"), query.Sort == ListSort.Due))
            .Append(Option("submitted", T("Date de dépôt", "Submission date"), query.Sort == ListSort.Submitted))
            .Append(Option("reference", T("Référence", "Reference"), query.Sort == ListSort.Reference))
            .Append("</select></div>")
            .Append("<div><label for=\"dir\">").Append(T("Ordre", "Order")).Append("</label><select id=\"dir\" name=\"dir\">")
            .Append(Option("asc", T("Croissant", "Ascending"), !query.Descending))
            .Append(Option("desc", T("Décroissant", "Descending"), query.Descending))
            .Append("</select></div>")
            .Append("</div><p class=\"inline\"><label class=\"choice\"><input type=\"checkbox\" name=\"mine\" value=\"1\"").Append(query.AssignedToMe ? " checked" : string.Empty).Append("> ").Append(T("Qui me sont assignées", "Assigned to me")).Append("</label>")
            .Append("<label class=\"choice\"><input type=\"checkbox\" name=\"overdue\" value=\"1\"").Append(query.Overdue ? " checked" : string.Empty).Append("> ").Append(T("En retard", "Overdue")).Append("</label></p>")
            .Append(ColumnChoice(query.Columns, language))
            .Append("<button type=\"submit\">").Append(T("Filtrer", "Filter")).Append("</button></form>");

        if (page.Rows.Count == 0)
        {
            html.Append("<p class=\"notice\" role=\"status\">").Append(T("Aucune demande ne correspond.", "No application matches.")).Append("</p>");
            return html.ToString();
        }

        var now = clock.GetUtcNow();
        var exportQuery = Html.E(query.ToQueryString());
        html.Append("<p>").Append(T("Exporter la liste filtrée :", "Export the filtered list:")).Append(" <a href=\"").Append(BackOfficeLayout.Home).Append("/export?format=csv&amp;").Append(exportQuery).Append("\">CSV</a> ")
            .Append("<a href=\"").Append(BackOfficeLayout.Home).Append("/export?format=xlsx&amp;").Append(exportQuery).Append("\">XLSX</a> ")
            .Append("<a href=\"").Append(BackOfficeLayout.Home).Append("/export?format=ods&amp;").Append(exportQuery).Append("\">ODS</a></p>");
        html.Append("<form method=\"post\" action=\"").Append(BackOfficeLayout.Home).Append("/bulk").Append(BackOfficeLayout.Lang(language)).Append("\">")
            .Append(BackOfficeLayout.Hidden(AntiForgery.Field, agent.AntiForgeryToken));
        var columns = ListColumnText.Chosen(query.Columns).ToList();
        html.Append("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"").Append(T("Liste des demandes", "List of applications")).Append("\"><table><caption class=\"help\">").Append(T("Demandes de la commune", "The commune's applications")).Append(" – page ").Append(query.Page.ToString(CultureInfo.InvariantCulture)).Append("</caption><thead><tr>")
            .Append("<th scope=\"col\">").Append(T("Sélection", "Selection")).Append("</th><th scope=\"col\">").Append(T("Référence", "Reference")).Append("</th>");
        foreach (var column in columns)
        {
            var (fr, en) = ListColumnText.Label(column);
            html.Append("<th scope=\"col\">").Append(Html.E(T(fr, en))).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in page.Rows)
        {
            var procedure = catalog.Find(row.ProcedureId);
            html.Append("<tr><td>");
            if (row.Status is ApplicationStatus.UnderReview or ApplicationStatus.Incident)
            {
                html.Append("<input type=\"checkbox\" name=\"ref\" value=\"").Append(Html.E(row.Reference)).Append("\" aria-label=\"").Append(T("Sélectionner", "Select")).Append(' ').Append(Html.E(row.Reference)).Append("\">");
            }

            html.Append("</td><td><a href=\"").Append(BackOfficeLayout.Home).Append("/applications/").Append(Html.E(Uri.EscapeDataString(row.Reference))).Append(BackOfficeLayout.Lang(language)).Append("\">").Append(Html.E(row.Reference)).Append("</a></td>");
            foreach (var column in columns)
            {
                html.Append("<td>").Append(column switch
                {
                    ListColumns.Procedure => Html.E(procedure is null ? row.ProcedureId : language == Language.English ? procedure.Title.En : procedure.Title.Fr),
                    ListColumns.Applicant => Html.E(row.Applicant),
                    ListColumns.Status => Html.E(Label(row.Status, language)),
                    ListColumns.Submitted => Html.E(ApplicationSummary.DateTime(row.SubmittedAt, language)),
                    ListColumns.Due => DueCell(row, now, language),
                    _ => Html.E(row.AssignedTo),
                }).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></div>")
            .Append("<fieldset><legend>").Append(T($"Décision groupée sur les demandes cochées (au plus {BulkDecisionHandler.MaxApplications})", $"Bulk decision on the ticked applications (at most {BulkDecisionHandler.MaxApplications})")).Append("</legend>")
            .Append("<label for=\"bulk-comment\">").Append(T("Message envoyé à chaque demandeur (obligatoire pour refuser)", "Message sent to each applicant (required to reject)")).Append("</label>")
            .Append("<textarea id=\"bulk-comment\" name=\"comment\" rows=\"2\" maxlength=\"2000\"></textarea>")
            .Append("<button type=\"submit\" name=\"action\" value=\"approve\">").Append(T("Accepter la sélection", "Approve the selection")).Append("</button> ")
            .Append("<button type=\"submit\" name=\"action\" value=\"reject\" class=\"danger\">").Append(T("Refuser la sélection", "Reject the selection")).Append("</button></fieldset></form>");
        html.Append("<nav aria-label=\"").Append(T("Pages", "Pages")).Append("\"><p>");
        if (query.Page > 1)
        {
            html.Append("<a href=\"").Append(BackOfficeLayout.Home).Append('?').Append(Html.E((query with { Page = query.Page - 1 }).ToQueryString(language == Language.English ? "en" : null))).Append("\">").Append(T("Page précédente", "Previous page")).Append("</a> ");
        }

        if (page.HasNext)
        {
            html.Append("<a href=\"").Append(BackOfficeLayout.Home).Append('?').Append(Html.E((query with { Page = query.Page + 1 }).ToQueryString(language == Language.English ? "en" : null))).Append("\">").Append(T("Page suivante", "Next page")).Append("</a>");
        }

        html.Append("</p></nav>");
        return html.ToString();
    }

    /// <summary>The due date; an overdue one says so, a suspended deadline too.</summary>
    private static string DueCell(IndexEntry row, DateTimeOffset now, Language language)
    {
        if (row.DueAt is not { } due)
        {
            return string.Empty;
        }

        var date = Html.E(DeadlineText.Format(due, language));
        var cell = row.IsOverdue(now) ? $"<span class=\"overdue\">{BackOfficeLayout.T(language, "En retard", "Overdue")} – {date}</span>" : date;
        return row.Suspended ? cell + " " + BackOfficeLayout.T(language, "(délai suspendu)", "(deadline suspended)") : cell;
    }

    /// <summary>Which columns show (the reference always does): kept in the query string, so links and exports follow.</summary>
    private static string ColumnChoice(ListColumns chosen, Language language)
    {
        var html = new StringBuilder("<fieldset><legend>").Append(BackOfficeLayout.T(language, "Colonnes affichées (la référence l'est toujours)", "Columns shown (the reference always is)")).Append("</legend>")
            .Append(BackOfficeLayout.Hidden("cols", "1")).Append("<p class=\"inline\">");
        foreach (var column in ListColumnText.Order)
        {
            var (fr, en) = ListColumnText.Label(column);
            html.Append("<label class=\"choice\"><input type=\"checkbox\" name=\"col\" value=\"").Append(ListColumnText.Key(column)).Append('"')
                .Append(chosen.HasFlag(column) ? " checked" : string.Empty).Append("> ").Append(Html.E(BackOfficeLayout.T(language, fr, en))).Append("</label>");
        }

        return html.Append("</p></fieldset>").ToString();
    }

    private static string Label(ApplicationStatus status, Language language) => language == Language.English ? status.Label().En : status.Label().Fr;

    private static string DateInput(string name, string label, DateOnly? value) =>
        $"<div><label for=\"{name}\">{Html.E(label)}</label><input type=\"date\" id=\"{name}\" name=\"{name}\" value=\"{value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\"></div>";

    private static string Option(string value, string label, bool selected) =>
        $"<option value=\"{value}\"{(selected ? " selected" : string.Empty)}>{Html.E(label)}</option>";
}
