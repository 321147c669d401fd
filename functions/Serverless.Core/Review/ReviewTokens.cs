using System.Globalization;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Tokens;

namespace Serverless.Core.Review;

/// <summary>What a review link grants: one reviewer, one action, on one round of one application, until a date.</summary>
public sealed record ReviewGrant(string Reference, int Round, string Reviewer, ReviewAction Action, DateTimeOffset ExpiresAt);

public sealed record TokenCheck(ReviewGrant? Grant, TokenProblem Problem)
{
    public bool IsValid => Problem == TokenProblem.None;
}

/// <summary>
/// Signs and checks review links: <c>base64url(payload).base64url(HMAC-SHA256)</c>, the payload naming the key id so
/// keys can be rotated. Single use is enforced by <see cref="Applications.ReviewDecisions"/>, not here.
/// </summary>
public sealed class ReviewTokens(IOptions<ReviewTokenOptions> options, TimeProvider clock)
{
    // Review links were signed before the envelope had a purpose: keep it empty so links already sent still verify.
    private readonly SignedTokens envelope = new(options, "v1", string.Empty);

    public string Issue(ReviewGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return envelope.Seal([
            grant.Reference,
            grant.Round.ToString(CultureInfo.InvariantCulture),
            grant.Reviewer,
            grant.Action.ToString(),
            grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)]);
    }

    /// <summary>The same grant for another action: the page of a valid link offers every decision.</summary>
    public string IssueSibling(ReviewGrant grant, ReviewAction action) => Issue(grant with { Action = action });

    public TokenCheck Check(string? token)
    {
        var (fields, problem) = envelope.Open(token, 5);
        if (fields is null)
        {
            return new TokenCheck(null, problem);
        }

        if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var round)
            || !Enum.TryParse<ReviewAction>(fields[3], out var action)
            || !long.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return new TokenCheck(null, TokenProblem.Malformed);
        }

        var grant = new ReviewGrant(fields[0], round, fields[2], action, DateTimeOffset.FromUnixTimeSeconds(expiry));
        return clock.GetUtcNow() >= grant.ExpiresAt
            ? new TokenCheck(grant, TokenProblem.Expired)
            : new TokenCheck(grant, TokenProblem.None);
    }
}
