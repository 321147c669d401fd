using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;

namespace Serverless.Core.Review;

public enum ReviewAction
{
    Approve,
    Reject,
    RequestChanges,
}

public sealed class ReviewTokenOptions
{
    public const string Section = "ReviewTokens";

    /// <summary>The key id new links are signed with.</summary>
    public string ActiveKeyId { get; set; } = string.Empty;

    /// <summary>Base64 keys by id. Old keys stay here (verify only) until links signed with them have expired.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];
}

/// <summary>What a review link grants: one reviewer, one action, on one round of one application, until a date.</summary>
public sealed record ReviewGrant(string Reference, int Round, string Reviewer, ReviewAction Action, DateTimeOffset ExpiresAt);

public enum TokenProblem
{
    None,
    Malformed,
    UnknownKey,
    BadSignature,
    Expired,
}

public sealed record TokenCheck(ReviewGrant? Grant, TokenProblem Problem)
{
    public bool IsValid => Problem == TokenProblem.None;
}

/// <summary>
/// Signs and checks review links: <c>base64url(payload).base64url(HMAC-SHA256)</c>, the payload naming the key id so
/// keys can be rotated. Single use is enforced by <see cref="Storage.ReviewDecisions"/>, not here.
/// </summary>
public sealed class ReviewTokens
{
    private const string Version = "v1";
    private readonly Dictionary<string, byte[]> keys;
    private readonly string activeKeyId;
    private readonly TimeProvider clock;

    public ReviewTokens(IOptions<ReviewTokenOptions> options, TimeProvider clock)
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

    public string Issue(ReviewGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Reference.Contains('|', StringComparison.Ordinal) || grant.Reviewer.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("A reference or reviewer address cannot contain '|'.", nameof(grant));
        }

        var payload = string.Join('|',
            Version,
            activeKeyId,
            grant.Reference,
            grant.Round.ToString(CultureInfo.InvariantCulture),
            grant.Reviewer,
            grant.Action.ToString(),
            grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        var payloadBytes = Encoding.UTF8.GetBytes(payload);
        return $"{Base64Url.Encode(payloadBytes)}.{Base64Url.Encode(HMACSHA256.HashData(keys[activeKeyId], payloadBytes))}";
    }

    /// <summary>The same grant for another action: the page of a valid link offers both decisions.</summary>
    public string IssueSibling(ReviewGrant grant, ReviewAction action) => Issue(grant with { Action = action });

    public TokenCheck Check(string? token)
    {
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 2 || Base64Url.TryDecode(parts[0]) is not { } payloadBytes || Base64Url.TryDecode(parts[1]) is not { } signature)
        {
            return new TokenCheck(null, TokenProblem.Malformed);
        }

        string[] fields;
        try
        {
            fields = new UTF8Encoding(false, true).GetString(payloadBytes).Split('|');
        }
        catch (DecoderFallbackException)
        {
            return new TokenCheck(null, TokenProblem.Malformed);
        }

        if (fields.Length != 7 || fields[0] != Version)
        {
            return new TokenCheck(null, TokenProblem.Malformed);
        }

        if (!keys.TryGetValue(fields[1], out var key))
        {
            return new TokenCheck(null, TokenProblem.UnknownKey);
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payloadBytes), signature))
        {
            return new TokenCheck(null, TokenProblem.BadSignature);
        }

        if (!int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var round)
            || !Enum.TryParse<ReviewAction>(fields[5], out var action)
            || !long.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return new TokenCheck(null, TokenProblem.Malformed);
        }

        var grant = new ReviewGrant(fields[2], round, fields[4], action, DateTimeOffset.FromUnixTimeSeconds(expiry));
        return clock.GetUtcNow() >= grant.ExpiresAt
            ? new TokenCheck(grant, TokenProblem.Expired)
            : new TokenCheck(grant, TokenProblem.None);
    }
}
