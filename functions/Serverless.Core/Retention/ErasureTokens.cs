using System.Globalization;
using Microsoft.Extensions.Options;
using Serverless.Core.Tokens;

namespace Serverless.Core.Retention;

/// <summary>What an erasure link grants: one agent may confirm the erasure of one application until a date.</summary>
public sealed record ErasureGrant(string Reference, string Reviewer, DateTimeOffset ExpiresAt);

public sealed record ErasureCheck(ErasureGrant? Grant, TokenProblem Problem);

/// <summary>
/// Signs and checks the links that let an agent confirm a citizen's erasure request, with the review keys (same key
/// ids and rotation) under their own version and purpose label (<c>er1|keyId|reference|reviewer|Erase|expiry</c>):
/// neither a review nor a revocation link ever stands for one. Single use follows from the erasure itself: once the
/// data is gone, every link of that application says so.
/// </summary>
public sealed class ErasureTokens(IOptions<ReviewTokenOptions> options, TimeProvider clock)
{
    public const string Action = "Erase";

    private readonly SignedTokens envelope = new(options, "er1", "citizen-eservices/erasure-confirmation\n");

    public string Issue(ErasureGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return envelope.Seal([grant.Reference, grant.Reviewer, Action, grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)]);
    }

    public ErasureCheck Check(string? token)
    {
        var (fields, problem) = envelope.Open(token, 4);
        if (fields is null)
        {
            return new ErasureCheck(null, problem);
        }

        if (fields[2] != Action || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return new ErasureCheck(null, TokenProblem.Malformed);
        }

        var grant = new ErasureGrant(fields[0], fields[1], DateTimeOffset.FromUnixTimeSeconds(expiry));
        return new ErasureCheck(grant, clock.GetUtcNow() >= grant.ExpiresAt ? TokenProblem.Expired : TokenProblem.None);
    }
}
