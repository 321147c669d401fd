namespace Serverless.Core.Transparency;

/// <summary>The transparency log's settings (section <c>Transparency</c>).</summary>
public sealed class TransparencyOptions
{
    public const string Section = "Transparency";

    /// <summary>
    /// The single key of deployments made before key ids: base64 key material (at least 32 bytes; the Ed25519 seed is
    /// its SHA-256). Read only when <see cref="SigningKeys"/> is empty, and then as key id k1. All empty: a key generated
    /// on first use and kept beside the local development signing certificate.
    /// </summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>The id of the key of <see cref="SigningKeys"/> that signs new checkpoints.</summary>
    public string ActiveKeyId { get; set; } = string.Empty;

    /// <summary>
    /// Key material (base64, at least 32 bytes) by key id; in Azure Key Vault references. Every listed key's public key
    /// is published, so checkpoints signed before a rotation still verify: keep an id listed as long as that matters.
    /// </summary>
    public Dictionary<string, string> SigningKeys { get; set; } = [];

    /// <summary>
    /// RFC 3161 timestamp authority (HTTP POST of application/timestamp-query) that timestamps each commune's last
    /// checkpoint of the day. Empty: no timestamps.
    /// </summary>
    public string TimestampAuthorityUrl { get; set; } = string.Empty;

    /// <summary>The local host's timestamp loop period (the Functions app's timer runs daily at 23:59 UTC).</summary>
    public TimeSpan TimestampInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The local host's checkpoint loop period (the Functions app's timer runs every five minutes).</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);
}
