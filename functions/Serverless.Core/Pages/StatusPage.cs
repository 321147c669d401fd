using System.Text;
using Serverless.Core.Localization;
using Serverless.Core.Procedures;

namespace Serverless.Core.Pages;

/// <summary>What a citizen sees of their application (the JSON body and the HTML page show the same facts).</summary>
public sealed record StatusView(
    string Reference,
    string ProcedureId,
    string Procedure,
    string Status,
    string StatusLabel,
    DateTimeOffset SubmittedAt,
    string? DecisionReason,
    CertificateView? Certificate,
    IReadOnlyList<HistoryView> History);

public sealed record CertificateView(string Number, string DownloadUrl, string VerifyUrl, string Sha256);

public sealed record HistoryView(string Action, string Label, DateTimeOffset At, string Actor);

public static class StatusPage
{
    public static string Render(StatusView view, bool justReceived, Language language, string communeName)
    {
        ArgumentNullException.ThrowIfNull(view);
        var body = new StringBuilder();
        if (justReceived)
        {
            body.Append("<div class=\"ok\" role=\"status\"><p>")
                .Append(Html.E(new Text("Votre demande a bien été reçue. Un accusé de réception vous est envoyé par courriel. Conservez cette page : son adresse est personnelle.", "Your application was received. An acknowledgement of receipt is on its way by e-mail. Keep this page: its address is personal.").In(language)))
                .Append("</p></div>");
        }

        body.Append("<p>").Append(Html.E(new Text("Référence", "Reference").In(language))).Append(" : <code>").Append(Html.E(view.Reference)).Append("</code></p>");
        body.Append("<p class=\"notice\"><strong>").Append(Html.E(new Text("État", "Status").In(language))).Append(" : ").Append(Html.E(view.StatusLabel)).Append("</strong>");
        if (!string.IsNullOrEmpty(view.DecisionReason))
        {
            body.Append("<br>").Append(Html.E(new Text("Motif", "Reason").In(language))).Append(" : ").Append(Html.E(view.DecisionReason));
        }

        body.Append("</p>");
        if (view.Certificate is { } certificate)
        {
            body.Append("<p><a href=\"").Append(Html.E(certificate.DownloadUrl)).Append("\">")
                .Append(Html.E(new Text("Télécharger l'attestation", "Download the certificate").In(language)))
                .Append("</a> (n° ").Append(Html.E(certificate.Number)).Append(")</p>");
        }

        body.Append("<h2>").Append(Html.E(new Text("Historique", "History").In(language))).Append("</h2>");
        body.Append(Html.Table(view.History.Select(entry => (ApplicationSummary.DateTime(entry.At, language), entry.Label))));
        return Html.Page(view.Procedure, body.ToString(), language, communeName);
    }
}
