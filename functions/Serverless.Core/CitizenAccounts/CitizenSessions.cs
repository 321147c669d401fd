using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;
using Serverless.Platform.Storage;

namespace Serverless.Core.CitizenAccounts;

/// <summary>A value an administration's source vouched for during the session (the family quotient), with what to say of its source.</summary>
public sealed record VouchedValue(string Value, string Note);

/// <summary>A citizen's live session: its id (the cookie's secret part), who, until when, and the ID token for the logout.</summary>
public sealed record CitizenSession(string Id, PivotIdentity Identity, string IdToken, DateTimeOffset ExpiresAt)
{
    /// <summary>Form fields filled from an administration's data at the citizen's request (field name → value and source).</summary>
    public IReadOnlyDictionary<string, VouchedValue> Vouched { get; init; } = new Dictionary<string, VouchedValue>();

    /// <summary>What the session's forms are bound to (anti-forgery).</summary>
    public string Binding => "citizen|" + Id;
}

/// <summary>
/// Server-side sessions, with the back office's discipline (<see cref="AgentSessions"/>): the cookie holds the
/// subject's partition and a random 256-bit id, the table only the id's SHA-256; HttpOnly, SameSite=Lax, Secure with the
/// <c>__Host-</c> prefix everywhere but on a loopback host; a fixed lifetime enforced by the row. The rows of one
/// subject share a partition (the SHA-256 of FranceConnect's pseudonymous <c>sub</c>), so signing out everywhere
/// deletes every session of the person at once. The row keeps the verified identity (to prefill forms) and the ID
/// token (the logout's <c>id_token_hint</c>); it goes at sign-out or, once expired, with the retention pass.
/// </summary>
public sealed class CitizenSessions(StorageClients storage, IOptions<FranceConnectOptions> options, TimeProvider clock)
{
    public const string SecureCookie = "__Host-citizen-session";
    public const string LocalCookie = "citizen-session";

    private readonly TableClient table = storage.Table(StorageNames.CitizenSessionsTable);

    public async Task<(CitizenSession Session, string CookieValue)> StartAsync(SignedInCitizen citizen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(citizen);
        var id = Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        var partition = PartitionOf(citizen.Identity.Sub);
        var session = new CitizenSession(id, citizen.Identity, citizen.IdToken, clock.GetUtcNow() + options.Value.SessionLifetime);
        await table.AddEntityAsync(
            new TableEntity(partition, Hash(id))
            {
                ["Sub"] = citizen.Identity.Sub,
                ["Identity"] = JsonSerializer.Serialize(citizen.Identity.Claims),
                ["IdToken"] = citizen.IdToken,
                ["StartedAt"] = clock.GetUtcNow(),
                ["ExpiresAt"] = session.ExpiresAt,
            },
            cancellationToken);
        return (session, partition + "." + id);
    }

    /// <summary>The live session of the request's cookie, or null (none, unknown, signed out, expired).</summary>
    public async Task<CitizenSession?> FindAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(CookieName(request), out var value) || value is not { Length: > 80 and < 200 } || value.Split('.') is not [var partition, var id])
        {
            return null;
        }

        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, Hash(id), cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetDateTimeOffset("ExpiresAt") is not { } expiresAt || expiresAt <= clock.GetUtcNow())
        {
            return null;
        }

        var claims = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Value.GetString("Identity")) ?? [];
        var vouched = row.Value.GetString("Vouched") is { Length: > 0 } json ? JsonSerializer.Deserialize<Dictionary<string, VouchedValue>>(json) ?? [] : [];
        return new CitizenSession(id, new PivotIdentity(row.Value.GetString("Sub"), claims), row.Value.GetString("IdToken"), expiresAt) { Vouched = vouched };
    }

    /// <summary>
    /// Keeps, for this session only, a value an administration's source gave at the citizen's request (the family
    /// quotient from API Particulier): forms then show it locked with its source, and the submission records both. It
    /// goes with the session's row (sign-out, expiry).
    /// </summary>
    public async Task VouchAsync(CitizenSession session, string field, VouchedValue value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var vouched = new Dictionary<string, VouchedValue>(session.Vouched, StringComparer.Ordinal) { [field] = value };
        await table.UpdateEntityAsync(new TableEntity(PartitionOf(session.Identity.Sub), Hash(session.Id)) { ["Vouched"] = JsonSerializer.Serialize(vouched) }, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Signs this session out: its row goes, so the cookie (or a copy of it) opens nothing any more.</summary>
    public Task EndAsync(CitizenSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        return DeleteAsync(PartitionOf(session.Identity.Sub), Hash(session.Id), cancellationToken);
    }

    /// <summary>Signs the person out everywhere: every session of their subject, on every device.</summary>
    public async Task EndAllAsync(string sub, CancellationToken cancellationToken)
    {
        var partition = PartitionOf(sub);
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == partition, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await DeleteAsync(row.PartitionKey, row.RowKey, cancellationToken);
        }
    }

    /// <summary>Deletes the rows of sessions that have expired (they hold an identity and open nothing any more).</summary>
    public Task ForgetExpiredAsync(CancellationToken cancellationToken) => ExpiredRows.DeleteAsync(table, clock.GetUtcNow(), cancellationToken);

    public string SetCookie(HttpRequest request, string cookieValue) =>
        AgentSessions.Cookie(request, CookieName(request), cookieValue, (long)options.Value.SessionLifetime.TotalSeconds);

    public static string ClearCookie(HttpRequest request) => AgentSessions.Cookie(request, CookieName(request), string.Empty, 0);

    public static string CookieName(HttpRequest request) => AgentSessions.IsSecure(request) ? SecureCookie : LocalCookie;

    /// <summary>The partition of a subject's rows: the SHA-256 of the pseudonymous sub (also a valid table key whatever the sub holds).</summary>
    public static string PartitionOf(string sub) => Hash(sub);

    private async Task DeleteAsync(string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partition, row, ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Already signed out.
        }
    }

    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
