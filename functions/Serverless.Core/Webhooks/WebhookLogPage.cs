using System.Globalization;
using System.Text;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Localization;

namespace Serverless.Core.Webhooks;

/// <summary>What the log page shows for one endpoint: its registration, state, and newest deliveries with their attempts.</summary>
public sealed record WebhookLogView(
    CommuneDefinition Commune,
    WebhookEndpoint Endpoint,
    EndpointState State,
    IReadOnlyList<DeliveryRow> Deliveries,
    IReadOnlyList<AttemptRow> Attempts);

/// <summary>
/// The delivery log of one endpoint as an HTML page for the commune's agents (French first, English on request):
/// per delivery the event, its state and next try, each attempt (time, duration, HTTP status or error), and a
/// "redeliver" button that posts to the address the mounting back office gives, with the hidden fields it needs
/// (its anti-forgery token). Everything shown is encoded.
/// </summary>
public static class WebhookLogPage
{
    /// <summary>The page, framed by <paramref name="frame"/> (title, body → page: the mounting back office's layout).</summary>
    public static string Render(WebhookLogView view, Language language, string redeliverAction, IReadOnlyDictionary<string, string> hiddenFields, Func<string, string, string> frame, string? notice = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(hiddenFields);
        string T(string fr, string en) => language == Language.French ? fr : en;
        var body = new StringBuilder();
        if (notice is not null)
        {
            body.Append("<p class=\"ok\" role=\"status\">").Append(Html.E(notice)).Append("</p>");
        }

        body.Append(Html.Table(
        [
            (T("Point de réception", "Endpoint"), view.Endpoint.Id),
            (T("Adresse", "Address"), view.Endpoint.Url.ToString()),
            (T("Événements", "Events"), string.Join(", ", view.Endpoint.Events.Select(WebhookEventKinds.TypeOf))),
            (T("État", "State"), view.State.Disabled
                ? T($"désactivé le {Time(view.State.DisabledAt, language)} ({view.State.Reason})", $"disabled on {Time(view.State.DisabledAt, language)} ({view.State.Reason})")
                : T("actif", "active")),
        ]));

        body.Append("<h2>").Append(Html.E(T("Livraisons", "Deliveries"))).Append("</h2>");
        if (view.Deliveries.Count == 0)
        {
            body.Append("<p>").Append(Html.E(T("Aucune livraison pour l'instant.", "No deliveries yet."))).Append("</p>");
        }

        foreach (var delivery in view.Deliveries)
        {
            body.Append("<section aria-labelledby=\"d-").Append(Html.E(delivery.EventId)).Append("\">")
                .Append("<h3 id=\"d-").Append(Html.E(delivery.EventId)).Append("\">")
                .Append(Html.E($"{delivery.Type} – {delivery.Reference} (n° {delivery.Sequence.ToString(CultureInfo.InvariantCulture)})")).Append("</h3>");
            body.Append(Html.Table(
            [
                (T("Identifiant (webhook-id)", "Event id (webhook-id)"), delivery.EventId),
                (T("État", "State"), StateText(delivery.State, language)),
                (T("Tentatives", "Attempts"), delivery.Attempts.ToString(CultureInfo.InvariantCulture)),
                (T("Prochain essai", "Next try"), delivery.NextAttemptAt is { } due ? Time(due, language) : "–"),
                (T("Dernier résultat", "Last result"), delivery.LastResult ?? "–"),
            ]));
            var attempts = view.Attempts.Where(attempt => attempt.Reference == delivery.Reference && attempt.Sequence == delivery.Sequence).ToList();
            if (attempts.Count > 0)
            {
                body.Append("<table><caption>").Append(Html.E(T("Tentatives", "Attempts"))).Append("</caption><thead><tr>");
                foreach (var heading in new[] { T("N°", "No."), T("Heure (UTC)", "Time (UTC)"), T("Durée", "Duration"), T("Résultat", "Result"), T("Essai suivant", "Next try") })
                {
                    body.Append("<th scope=\"col\">").Append(Html.E(heading)).Append("</th>");
                }

                body.Append("</tr></thead><tbody>");
                foreach (var attempt in attempts)
                {
                    body.Append("<tr><td>").Append(attempt.Number.ToString(CultureInfo.InvariantCulture))
                        .Append("</td><td>").Append(Html.E(Time(attempt.At, language)))
                        .Append("</td><td>").Append(Html.E($"{attempt.DurationMs.ToString(CultureInfo.InvariantCulture)} ms"))
                        .Append("</td><td>").Append(Html.E(attempt.HttpStatus is { } status ? $"HTTP {status.ToString(CultureInfo.InvariantCulture)}" : attempt.Error ?? "–"))
                        .Append("</td><td>").Append(Html.E(attempt.NextAttemptAt is { } next ? Time(next, language) : "–"))
                        .Append("</td></tr>");
                }

                body.Append("</tbody></table>");
            }

            if (delivery.State != DeliveryState.Pending || view.State.Disabled)
            {
                body.Append("<form method=\"post\" action=\"").Append(Html.E(redeliverAction)).Append("\">");
                foreach (var (name, value) in hiddenFields)
                {
                    body.Append("<input type=\"hidden\" name=\"").Append(Html.E(name)).Append("\" value=\"").Append(Html.E(value)).Append("\">");
                }

                body.Append("<input type=\"hidden\" name=\"reference\" value=\"").Append(Html.E(delivery.Reference)).Append("\">")
                    .Append("<input type=\"hidden\" name=\"sequence\" value=\"").Append(delivery.Sequence.ToString(CultureInfo.InvariantCulture)).Append("\">")
                    .Append("<button type=\"submit\">").Append(Html.E(T("Relancer la livraison", "Deliver again"))).Append("</button></form>");
            }

            body.Append("</section>");
        }

        return frame(T($"Journal des livraisons – {view.Endpoint.Id}", $"Delivery log – {view.Endpoint.Id}"), body.ToString());
    }

    private static string StateText(DeliveryState state, Language language) => (state, language) switch
    {
        (DeliveryState.Pending, Language.French) => "en attente",
        (DeliveryState.Delivered, Language.French) => "livrée",
        (DeliveryState.Failed, Language.French) => "échec (relance possible)",
        (DeliveryState.Pending, _) => "pending",
        (DeliveryState.Delivered, _) => "delivered",
        _ => "failed (can be redelivered)",
    };

    private static string Time(DateTimeOffset? at, Language language) =>
        at is { } value ? value.UtcDateTime.ToString(language == Language.French ? "dd/MM/yyyy HH:mm:ss.fff" : "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) : "–";
}
