using Serverless.Core.Outbox;
using Serverless.Core.Procedures;
using Serverless.Platform.Email;

namespace Serverless.Core.Webhooks;

/// <summary>What the commune's administrator is told when a receiver answered 410 Gone (written for staff: French).</summary>
public static class WebhookEmails
{
    public static EmailMessage EndpointDisabled(CommuneDefinition commune, WebhookEndpoint endpoint, string eventId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(commune);
        ArgumentNullException.ThrowIfNull(endpoint);
        return new EmailLayout()
            .Paragraph("Bonjour,")
            .Paragraph($"Le point de réception « {endpoint.Id} » ({endpoint.Url}) a répondu « 410 Gone » : il ne recevra plus d'événements jusqu'à ce qu'un agent relance une livraison depuis le journal des livraisons.")
            .Table([("Point de réception", endpoint.Id), ("Adresse", endpoint.Url.ToString()), ("Événement", eventId), ("Désactivé le", at.ToString("u", System.Globalization.CultureInfo.InvariantCulture))])
            .Paragraph("Les événements suivants restent enregistrés dans le journal ; une relance les livre à nouveau dans l'ordre.")
            .Build(commune.AdministratorEmail, $"[Webhooks] Point de réception « {endpoint.Id} » désactivé", commune);
    }
}
