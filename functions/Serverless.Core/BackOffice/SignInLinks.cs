using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Tokens;
using Serverless.Platform.Storage;

namespace Serverless.Core.BackOffice;

/// <summary>What a sign-in link grants: one agent, for one commune, once, until a date.</summary>
public sealed record SignInGrant(string Nonce, string Email, string CommuneId, DateTimeOffset ExpiresAt);

/// <summary>
/// One-time sign-in links: the review links' envelope (HMAC-SHA256, key ids, rotation) under a purpose of its own,
/// so a sign-in link never verifies as a review or revocation link. Single use is a conditional insert of the link's
/// nonce in <see cref="StorageNames.AgentSignInsTable"/>: the first POST wins, every later one is refused.
/// </summary>
public sealed class SignInLinks(IOptions<ReviewTokenOptions> keys, IOptions<BackOfficeOptions> options, StorageClients storage, TimeProvider clock)
{
    private readonly SignedTokens envelope = new(keys, "s1", "agent-sign-in");
    private readonly TableClient consumed = storage.Table(StorageNames.AgentSignInsTable);

    public (string Token, SignInGrant Grant) Issue(string email, string communeId)
    {
        var grant = new SignInGrant(Base64Url.Encode(RandomNumberGenerator.GetBytes(16)), email, communeId, clock.GetUtcNow() + options.Value.SignInLinkLifetime);
        var token = envelope.Seal([grant.Nonce, grant.Email, grant.CommuneId, grant.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)]);
        return (token, grant);
    }

    /// <summary>The grant of a well-formed, genuine, unexpired link (used or not), or null.</summary>
    public SignInGrant? Check(string? token)
    {
        var (fields, problem) = envelope.Open(token, 4);
        if (problem != TokenProblem.None || fields is null || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expiry))
        {
            return null;
        }

        var grant = new SignInGrant(fields[0], fields[1], fields[2], DateTimeOffset.FromUnixTimeSeconds(expiry));
        return clock.GetUtcNow() < grant.ExpiresAt ? grant : null;
    }

    /// <summary>Uses the link up: true for the first call, false for every later one (the row exists).</summary>
    public async Task<bool> TryConsumeAsync(SignInGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        try
        {
            await consumed.AddEntityAsync(
                new TableEntity(grant.Nonce, "consumed") { ["Email"] = grant.Email, ["CommuneId"] = grant.CommuneId, ["ConsumedAt"] = clock.GetUtcNow() },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes the rows of used links older than a link's lifetime: such a link is refused by its expiry already, so
    /// its row (which names an agent) no longer guards anything.
    /// </summary>
    public async Task ForgetSpentAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"ConsumedAt lt {clock.GetUtcNow() - options.Value.SignInLinkLifetime}");
        await foreach (var row in consumed.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await consumed.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All, cancellationToken);
        }
    }

    public async Task<bool> IsConsumedAsync(SignInGrant grant, CancellationToken cancellationToken) =>
        (await consumed.GetEntityIfExistsAsync<TableEntity>(grant.Nonce, "consumed", select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;
}
