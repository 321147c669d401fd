using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Webhooks;

/// <summary>
/// The delivery log page and the redelivery POST, for the back office to mount behind its sign-in: both take the
/// commune id of the signed-in agent (never one from the request), so an agent sees and redelivers only their
/// commune's deliveries. This class does no authentication of its own, and its pages are framed by the caller's
/// layout (a <c>frame</c>: title and body → page).
/// </summary>
public sealed class WebhookLogHandler(ProcedureCatalog catalogue, WebhookLog log, WebhookRedelivery redelivery)
{
    /// <summary>Deliveries shown on the page, newest first.</summary>
    public const int PageSize = 50;

    public async Task<IActionResult> ShowAsync(HttpRequest request, string agentCommuneId, string endpointId, string redeliverAction, IReadOnlyDictionary<string, string> hiddenFields, Func<string, string, string> frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(frame);
        var language = LanguageNegotiation.FromRequest(request);
        if (await ViewAsync(agentCommuneId, endpointId, cancellationToken) is not { } view)
        {
            return PageResults.Page(404, Error(frame, language == Language.French ? "Introuvable" : "Not found", language == Language.French ? "Ce point de réception n'existe pas pour votre commune." : "Your commune has no such endpoint."));
        }

        var notice = request.Query["redelivered"].ToString() switch
        {
            "1" => language == Language.French ? "Relance demandée : la livraison sera tentée dans un instant." : "Redelivery requested: the delivery will be attempted shortly.",
            _ => null,
        };
        return PageResults.Page(200, WebhookLogPage.Render(view, language, redeliverAction, hiddenFields, frame, notice));
    }

    /// <summary>The form's POST: redelivers, then sends the agent back to <paramref name="logAddress"/> (303).</summary>
    public async Task<IActionResult> RedeliverAsync(HttpRequest request, string agentCommuneId, string agentName, string endpointId, string logAddress, Func<string, string, string> frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(frame);
        var form = await request.ReadFormAsync(cancellationToken);
        var reference = form["reference"].ToString();
        if (reference.Length == 0 || !long.TryParse(form["sequence"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return PageResults.Page(400, Error(frame, "Demande incomplète", "Référence ou numéro d'événement manquant. / Reference or event number missing."));
        }

        return await redelivery.RedeliverAsync(agentCommuneId, endpointId, reference, sequence, agentName, cancellationToken) switch
        {
            RedeliveryResult.NotFound => PageResults.Page(404, Error(frame, "Introuvable", "Cette livraison n'existe pas pour votre commune. / Your commune has no such delivery.")),
            _ => Results.SeeOther(logAddress + (logAddress.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "redelivered=1"),
        };
    }

    private static string Error(Func<string, string, string> frame, string title, string message) =>
        frame(title, $"<p class=\"error\" role=\"alert\">{Html.E(message)}</p>");

    public async Task<WebhookLogView?> ViewAsync(string agentCommuneId, string endpointId, CancellationToken cancellationToken)
    {
        var commune = catalogue.FindCommune(agentCommuneId);
        var endpoint = commune?.Webhooks.FirstOrDefault(candidate => candidate.Id == endpointId);
        if (commune is null || endpoint is null)
        {
            return null;
        }

        var partition = WebhookLog.Partition(commune.Id, endpoint.Id);
        var (deliveries, attempts) = await log.ReadAsync(partition, PageSize, cancellationToken);
        return new WebhookLogView(commune, endpoint, await log.StateAsync(partition, cancellationToken), deliveries, attempts);
    }
}
