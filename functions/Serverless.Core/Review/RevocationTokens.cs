using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;

namespace Serverless.Core.Review;

public sealed class RevocationOptions
{
    public const string Section = "Revocation";

    /// <summary>How long the revocation link sent with an issued certificate stays valid (keep review keys that long).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>What a revocation link grants: one reviewer may revoke one certificate (of one application) until a date.</summary>
public sealed record RevocationGrant(string Number, string Reference, string Reviewer, DateTimeOffset ExpiresAt);

public sealed record RevocationCheck(RevocationGrant? Grant, TokenProblem Problem)
{
    public bool IsValid => Problem == TokenProblem.None;
}

/// <summary>
/// Signs and checks certificate revocation links with the review keys (<see cref="ReviewTokenOptions"/>, so key ids
/// and rotation work the same): <c>base64url(payload).base64url(HMAC-SHA256)</c> where the payload
/// <c>rv1|keyId|number|reference|reviewer|Revoke|expiry</c> is MACed under its own purpose label. A review link is
/// therefore never a revocation link, nor the reverse. Single use is enforced by the registry's conditional insert.
/// </summary>
public sealed class RevocationTokens
{
    public const string Action = "Revoke";
    private const string Version = "rv1";
    private static readonly byte[] Purpose = "citizen-eservices/certificate-revocation\n"u8.ToArray();

    private readonly Dictionary<string, byte[]> keys;
    private readonly string activeKeyId;
    private readonly TimeProvider clock;

    public RevocationTokens(IOptions<ReviewTokenOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.clock = clock;
        keys = options.Value.Keys.ToDictionary(pair => pair.Key, pair => Convert.FromBase64String(pair.Value), StringComparer.Ordinal);
        activeKeyId = options.Value.ActiveKeyId;
        if (!keys.TryGetValue(activeKeyId, out var active) || active.Length < 32)
        {
            throw new InvalidOperationException($"ReviewTokens:Keys:{activeKeyId} (the active key) must be a base64 key of at least 32 bytes.");
        }
    }

    public string Issue(RevocationGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (new[] { grant.Number, grant.Reference, grant.Reviewer }.Any(value => value.Contains('|', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A number, reference or reviewer address cannot contain '|'.", nameof(grant));
        }

        var payload = Encoding.UTF8.GetBytes(string.Join('|',
            Version,
            activeKeyId,
            grant.Number,
            grant.Reference,
            grant.Reviewer,
            Action,
            grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return $"{Base64Url.Encode(payload)}.{Base64Url.Encode(Mac(keys[activeKeyId], payload))}";
    }

    public RevocationCheck Check(string? token)
    {
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 2 || Base64Url.TryDecode(parts[0]) is not { } payload || Base64Url.TryDecode(parts[1]) is not { } signature)
        {
            return new RevocationCheck(null, TokenProblem.Malformed);
        }

        string[] fields;
        try
        {
            fields = new UTF8Encoding(false, true).GetString(payload).Split('|');
        }
        catch (DecoderFallbackException)
        {
            return new RevocationCheck(null, TokenProblem.Malformed);
        }

        // A review link (v1|…|Approve|…) or any other action is not a revocation link.
        if (fields.Length != 7 || fields[0] != Version || fields[5] != Action)
        {
            return new RevocationCheck(null, TokenProblem.Malformed);
        }

        if (!keys.TryGetValue(fields[1], out var key))
        {
            return new RevocationCheck(null, TokenProblem.UnknownKey);
        }

        if (!CryptographicOperations.FixedTimeEquals(Mac(key, payload), signature))
        {
            return new RevocationCheck(null, TokenProblem.BadSignature);
        }

        if (!long.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return new RevocationCheck(null, TokenProblem.Malformed);
        }

        var grant = new RevocationGrant(fields[2], fields[3], fields[4], DateTimeOffset.FromUnixTimeSeconds(expiry));
        return clock.GetUtcNow() >= grant.ExpiresAt
            ? new RevocationCheck(grant, TokenProblem.Expired)
            : new RevocationCheck(grant, TokenProblem.None);
    }

    private static byte[] Mac(byte[] key, byte[] payload)
    {
        var input = new byte[Purpose.Length + payload.Length];
        Purpose.CopyTo(input, 0);
        payload.CopyTo(input, Purpose.Length);
        return HMACSHA256.HashData(key, input);
    }
}
