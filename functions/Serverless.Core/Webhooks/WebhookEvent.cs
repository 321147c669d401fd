using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Serverless.Core.Procedures;

namespace Serverless.Core.Webhooks;

/// <summary>
/// A fact about an application worth telling the commune's systems. <paramref name="Discriminator"/> tells apart
/// facts of the same kind (the review round of a request for changes, a certificate's number); with the reference
/// and kind it makes the event id, so a step that runs again produces the same id and no second event.
/// </summary>
public sealed record WebhookFact(
    string CommuneId,
    string ProcedureId,
    string Reference,
    WebhookEventKind Kind,
    string Discriminator,
    string Status,
    string? CertificateNumber,
    DateTimeOffset OccurredAt)
{
    public string EventId => "evt_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Reference}|{Kind}|{Discriminator}")))[..32];
}

/// <summary>The payload as sent: thin on purpose (ids, status, links), never values, attachments or personal data.</summary>
public sealed record WebhookPayload(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("data")] WebhookPayloadData Data)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Serialize() => JsonSerializer.Serialize(this, Json);
}

public sealed record WebhookPayloadData(
    string EventId,
    long Sequence,
    string Commune,
    string Procedure,
    string Reference,
    string Status,
    string? CertificateNumber,
    WebhookLinks Links);

/// <summary>The status page needs the citizen's access code, which the payload never carries; verification is public.</summary>
public sealed record WebhookLinks(string Status, string? Verification);
