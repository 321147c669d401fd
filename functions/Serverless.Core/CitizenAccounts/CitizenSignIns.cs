using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Platform.Storage;

namespace Serverless.Core.CitizenAccounts;

/// <summary>A sign-in on its way to FranceConnect: its state, nonce and PKCE verifier, and where to come back.</summary>
public sealed record PendingSignIn(string State, string Nonce, string CodeVerifier, string ReturnPath);

/// <summary>
/// The sign-ins started and not yet back, by the SHA-256 of their state (the row holds no personal data). Taking one
/// deletes it under its ETag: a state (and so its nonce and verifier) serves once, and a replayed callback finds nothing.
/// The state also travels in a cookie of the browser that started it (<see cref="CookieName"/>): a code sent to another
/// browser (login CSRF) does not match its cookie.
/// </summary>
public sealed class CitizenSignIns(StorageClients storage, IOptions<FranceConnectOptions> options, TimeProvider clock)
{
    public const string SecureCookie = "__Host-citizen-signin";
    public const string LocalCookie = "citizen-signin";

    private readonly TableClient table = storage.Table(StorageNames.CitizenSignInsTable);

    public async Task<PendingSignIn> StartAsync(string returnPath, CancellationToken cancellationToken)
    {
        var pending = new PendingSignIn(Random(), Random(), Random() + Random(), returnPath);
        await table.AddEntityAsync(
            new TableEntity(Hash(pending.State), "pending")
            {
                ["Nonce"] = pending.Nonce,
                ["Verifier"] = pending.CodeVerifier,
                ["ReturnPath"] = pending.ReturnPath,
                ["ExpiresAt"] = clock.GetUtcNow() + options.Value.SignInLifetime,
            },
            cancellationToken);
        return pending;
    }

    /// <summary>The sign-in of this state, taken (deleted) at once; null when unknown, already taken or expired.</summary>
    public async Task<PendingSignIn?> TakeAsync(string state, CancellationToken cancellationToken)
    {
        if (state is not { Length: > 20 and < 100 })
        {
            return null;
        }

        var row = await table.GetEntityIfExistsAsync<TableEntity>(Hash(state), "pending", cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        try
        {
            await table.DeleteEntityAsync(row.Value!.PartitionKey, row.Value.RowKey, row.Value.ETag, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
            return null;
        }

        return row.Value.GetDateTimeOffset("ExpiresAt") is { } expiresAt && expiresAt > clock.GetUtcNow()
            ? new PendingSignIn(state, row.Value.GetString("Nonce"), row.Value.GetString("Verifier"), row.Value.GetString("ReturnPath"))
            : null;
    }

    /// <summary>Deletes the rows of sign-ins that never came back.</summary>
    public Task ForgetExpiredAsync(CancellationToken cancellationToken) => ExpiredRows.DeleteAsync(table, clock.GetUtcNow(), cancellationToken);

    public static string CookieName(Microsoft.AspNetCore.Http.HttpRequest request) => BackOffice.AgentSessions.IsSecure(request) ? SecureCookie : LocalCookie;

    private static string Random() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(value)));
}
