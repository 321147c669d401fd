namespace Serverless.Core.Procedures;

/// <summary>What a commune can subscribe to. The catalogue names them in camelCase; payloads carry <see cref="WebhookEventKinds.TypeOf"/>.</summary>
public enum WebhookEventKind
{
    Submitted,
    Decided,
    ChangesRequested,
    CertificateIssued,
    CertificateRevoked,
}

/// <summary>One endpoint a commune registered in its catalogue definition: where, which events, and the names of its secrets.</summary>
public sealed record WebhookEndpoint(string Id, Uri Url, IReadOnlyList<WebhookEventKind> Events, IReadOnlyList<string> SecretNames)
{
    public bool Wants(WebhookEventKind kind) => Events.Contains(kind);
}

public static class WebhookEventKinds
{
    public static WebhookEventKind FromCatalogue(string name) => name switch
    {
        "submitted" => WebhookEventKind.Submitted,
        "decided" => WebhookEventKind.Decided,
        "changesRequested" => WebhookEventKind.ChangesRequested,
        "certificateIssued" => WebhookEventKind.CertificateIssued,
        "certificateRevoked" => WebhookEventKind.CertificateRevoked,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not an event a commune can subscribe to."),
    };

    /// <summary>The payload's <c>type</c>, dotted as the Standard Webhooks examples are.</summary>
    public static string TypeOf(WebhookEventKind kind) => kind switch
    {
        WebhookEventKind.Submitted => "application.submitted",
        WebhookEventKind.Decided => "application.decided",
        WebhookEventKind.ChangesRequested => "application.changes_requested",
        WebhookEventKind.CertificateIssued => "certificate.issued",
        WebhookEventKind.CertificateRevoked => "certificate.revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
