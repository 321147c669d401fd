using Serverless.Core.Addresses;

namespace Serverless.Core.Webhooks;

/// <summary>Outbound events: secrets by name, the retry schedule's scale, the time an attempt may take, and the SSRF guard's test switch.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Signing secrets by name (<c>Webhooks__Secrets__&lt;name&gt;</c>, a Key Vault reference in Azure), in Standard Webhooks form <c>whsec_</c> + base64.</summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Multiplies every delay of the retry schedule: 1 in production; tests shorten it (0.001: 5 s becomes 5 ms).</summary>
    public double ScheduleScale { get; set; } = 1;

    /// <summary>How long one delivery attempt may take before it counts as failed.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Tests and local runs only: let deliveries reach loopback, private and link-local addresses over plain http.
    /// Off in Azure, where such a destination is refused before any connection is made.
    /// </summary>
    public bool AllowLocalDestinations { get; set; }

    /// <summary>
    /// Local host and tests only: the queue of delivery work, so that several hosts on one Azurite (the test suite's)
    /// do not take each other's messages. The Functions trigger always reads <see cref="StorageNames.WebhookDeliveriesQueue"/>.
    /// </summary>
    public string QueueName { get; set; } = StorageNames.WebhookDeliveriesQueue;
}
