using System.Globalization;
using Microsoft.Extensions.Options;
using Serverless.Core.Tokens;

namespace Serverless.Core.Certificates;

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
public sealed class RevocationTokens(IOptions<ReviewTokenOptions> options, TimeProvider clock)
{
    public const string Action = "Revoke";

    // Its own version and purpose: a review link never works as a revocation link, nor the other way round.
    private readonly SignedTokens envelope = new(options, "rv1", "citizen-eservices/certificate-revocation\n");

    public string Issue(RevocationGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return envelope.Seal([grant.Number, grant.Reference, grant.Reviewer, Action, grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)]);
    }

    public RevocationCheck Check(string? token)
    {
        var (fields, problem) = envelope.Open(token, 5);
        if (fields is null)
        {
            return new RevocationCheck(null, problem);
        }

        if (fields[3] != Action || !long.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return new RevocationCheck(null, TokenProblem.Malformed);
        }

        var grant = new RevocationGrant(fields[0], fields[1], fields[2], DateTimeOffset.FromUnixTimeSeconds(expiry));
        return clock.GetUtcNow() >= grant.ExpiresAt
            ? new RevocationCheck(grant, TokenProblem.Expired)
            : new RevocationCheck(grant, TokenProblem.None);
    }
}
