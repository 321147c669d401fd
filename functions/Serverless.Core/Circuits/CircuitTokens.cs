using System.Globalization;
using Microsoft.Extensions.Options;
using Serverless.Core.Tokens;

namespace Serverless.Core.Circuits;

/// <summary>
/// What a circuit link grants: one person (the drafter's address, or a signatory's id) acts once at one step of one
/// pass of one application's circuit, until a date.
/// </summary>
public sealed record CircuitGrant(string Reference, int Pass, int Step, string Actor, DateTimeOffset ExpiresAt);

public sealed record CircuitTokenCheck(CircuitGrant? Grant, TokenProblem Problem);

/// <summary>
/// Signs and checks circuit links with the review keys (<see cref="ReviewTokenOptions"/>: same key ids and rotation),
/// under a purpose of their own, so a review or revocation link never opens a decision and the reverse. Single use
/// is the action row's conditional insert (<see cref="DecisionDrafts.TryRecordAsync"/>), not the token.
/// </summary>
public sealed class CircuitTokens(IOptions<ReviewTokenOptions> options, TimeProvider clock)
{
    private readonly SignedTokens envelope = new(options, "sc1", "citizen-eservices/signature-circuit\n");

    public string Issue(CircuitGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return envelope.Seal([
            grant.Reference,
            grant.Pass.ToString(CultureInfo.InvariantCulture),
            grant.Step.ToString(CultureInfo.InvariantCulture),
            grant.Actor,
            grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)]);
    }

    public CircuitTokenCheck Check(string? token)
    {
        var (fields, problem) = envelope.Open(token, 5);
        if (fields is null)
        {
            return new CircuitTokenCheck(null, problem);
        }

        if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pass)
            || !int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            || !long.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return new CircuitTokenCheck(null, TokenProblem.Malformed);
        }

        var grant = new CircuitGrant(fields[0], pass, step, fields[3], DateTimeOffset.FromUnixTimeSeconds(expiry));
        return new CircuitTokenCheck(grant, clock.GetUtcNow() >= grant.ExpiresAt ? TokenProblem.Expired : TokenProblem.None);
    }
}
