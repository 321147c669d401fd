using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Webhooks;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.BackOffice;

/// <summary>
/// <c>/api/agent/webhooks</c>: the signed-in agent's commune's webhook endpoints, each endpoint's delivery log and
/// its manual redelivery. The commune is always the session's, never one from the request, so an agent sees only
/// their commune's deliveries (another commune's endpoint is 404, as <see cref="WebhookLogHandler"/> answers).
/// </summary>
public sealed class WebhooksPageHandler(AgentAuthentication authentication, ProcedureCatalog catalogue, WebhookLogHandler log)
{
    public const string Path = BackOfficeLayout.Home + "/webhooks";

    public async Task<IActionResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        if (await authentication.CurrentAsync(request, cancellationToken) is not { } agent)
        {
            return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language));
        }

        if (!agent.Access.Administrator)
        {
            return AdministratorsOnly(agent, language);
        }

        var commune = catalogue.FindCommune(agent.CommuneId);
        var endpoints = commune?.Webhooks ?? [];
        var body = new StringBuilder();
        if (endpoints.Count == 0)
        {
            body.Append("<p>").Append(Html.E(BackOfficeLayout.T(language, "Votre commune n'a déclaré aucun point de réception (catalogue : webhooks).", "Your commune registers no endpoint (catalogue: webhooks)."))).Append("</p>");
        }
        else
        {
            body.Append("<ul>");
            foreach (var endpoint in endpoints)
            {
                body.Append("<li><a href=\"").Append(Html.E(LogAddress(endpoint.Id, language))).Append("\">").Append(Html.E(endpoint.Id)).Append("</a> – <code>")
                    .Append(Html.E(endpoint.Url.GetLeftPart(UriPartial.Path))).Append("</code></li>");
            }

            body.Append("</ul>");
        }

        return PageResults.Page(200, BackOfficeLayout.Page(BackOfficeLayout.T(language, "Événements sortants (webhooks)", "Outbound events (webhooks)"), body.ToString(), language, BackOfficeLayout.IdentityOf(commune), agent, "webhooks"));
    }

    public async Task<IActionResult> ShowAsync(HttpRequest request, string endpointId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        if (await authentication.CurrentAsync(request, cancellationToken) is not { } agent)
        {
            return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language));
        }

        if (!agent.Access.Administrator)
        {
            return AdministratorsOnly(agent, language);
        }

        var hidden = new Dictionary<string, string> { [AntiForgery.Field] = agent.AntiForgeryToken };
        return await log.ShowAsync(request, agent.CommuneId, endpointId, RedeliveryAddress(endpointId, language), hidden, Frame(agent, language), cancellationToken);
    }

    public async Task<IActionResult> RedeliverAsync(HttpRequest request, string endpointId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var form = await request.ReadFormAsync(cancellationToken);
        var (agent, forged) = await authentication.ForPostAsync(request, form, cancellationToken);
        if (forged)
        {
            return SignInHandler.Forged(language);
        }

        if (agent is null)
        {
            return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language));
        }

        if (!agent.Access.Administrator)
        {
            return AdministratorsOnly(agent, language);
        }

        return await log.RedeliverAsync(request, agent.CommuneId, agent.Email, endpointId, LogAddress(endpointId, language), Frame(agent, language), cancellationToken);
    }

    /// <summary>
    /// The delivery log names applications of every procedure of the commune (their references, what happened to
    /// them): only the commune's administrator, who has no narrower need to know, reads it.
    /// </summary>
    private WrittenResult AdministratorsOnly(SignedInAgent agent, Language language) =>
        BackOfficeLayout.AdministratorsOnly(new("Le journal des événements sortants", "The outbound events log"), agent, catalogue.FindCommune(agent.CommuneId), language);

    /// <summary>The back office's layout around the log's pages, with the agent's commune's identity.</summary>
    private Func<string, string, string> Frame(SignedInAgent agent, Language language) =>
        (title, body) => BackOfficeLayout.Page(title, body, language, BackOfficeLayout.IdentityOf(catalogue.FindCommune(agent.CommuneId)), agent, "webhooks");

    private static string LogAddress(string endpointId, Language language) => Path + "/" + Uri.EscapeDataString(endpointId) + BackOfficeLayout.Lang(language);

    private static string RedeliveryAddress(string endpointId, Language language) => Path + "/" + Uri.EscapeDataString(endpointId) + "/redelivery" + BackOfficeLayout.Lang(language);
}
