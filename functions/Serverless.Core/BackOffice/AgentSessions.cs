using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Platform.Storage;

namespace Serverless.Core.BackOffice;

/// <summary>A stored session: who, for which commune, until when.</summary>
public sealed record AgentSession(string Id, string Email, string CommuneId, DateTimeOffset ExpiresAt);

/// <summary>
/// Server-side sessions: the cookie holds a random 256-bit id, the table holds only its SHA-256 (a leaked table does not
/// give sessions away). Signing out deletes the row, so the cookie stops working at once, even if it was copied. The
/// cookie is HttpOnly, SameSite=Lax, Secure with the <c>__Host-</c> prefix everywhere but on localhost (plain HTTP in
/// development and tests), and lasts as long as the session.
/// </summary>
public sealed class AgentSessions(StorageClients storage, IOptions<BackOfficeOptions> options, TimeProvider clock)
{
    public const string SecureCookie = "__Host-agent-session";
    public const string LocalCookie = "agent-session";

    private readonly TableClient table = storage.Table(StorageNames.AgentSessionsTable);

    public async Task<AgentSession> StartAsync(string email, string communeId, CancellationToken cancellationToken)
    {
        var id = Base64Url.Encode(RandomNumberGenerator.GetBytes(32));
        var session = new AgentSession(id, email, communeId, clock.GetUtcNow() + options.Value.SessionLifetime);
        await table.AddEntityAsync(
            new TableEntity(Hash(id), "session") { ["Email"] = email, ["CommuneId"] = communeId, ["StartedAt"] = clock.GetUtcNow(), ["ExpiresAt"] = session.ExpiresAt },
            cancellationToken);
        return session;
    }

    /// <summary>The live session of the request's cookie, or null (none, unknown, signed out, expired).</summary>
    public async Task<AgentSession?> FindAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Cookies.TryGetValue(CookieName(request), out var id) || id is not { Length: > 20 and < 100 })
        {
            return null;
        }

        var row = await table.GetEntityIfExistsAsync<TableEntity>(Hash(id), "session", cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetDateTimeOffset("ExpiresAt") is not { } expiresAt || expiresAt <= clock.GetUtcNow())
        {
            return null;
        }

        return new AgentSession(id, row.Value.GetString("Email"), row.Value.GetString("CommuneId"), expiresAt);
    }

    /// <summary>Deletes the rows of sessions that have expired (they name an agent and open nothing any more).</summary>
    public Task ForgetExpiredAsync(CancellationToken cancellationToken) => ExpiredRows.DeleteAsync(table, clock.GetUtcNow(), cancellationToken);

    /// <summary>Signs out: the row goes, so this cookie (or a copy of it) no longer opens anything.</summary>
    public async Task EndAsync(AgentSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        try
        {
            await table.DeleteEntityAsync(Hash(session.Id), "session", ETag.All, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Already signed out.
        }
    }

    public string SetCookie(HttpRequest request, AgentSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        // The session's whole lifetime (it was started just now); the row's expiry is what is enforced.
        return Cookie(request, CookieName(request), session.Id, (long)options.Value.SessionLifetime.TotalSeconds);
    }

    public static string ClearCookie(HttpRequest request) => Cookie(request, CookieName(request), string.Empty, 0);

    /// <summary>HTTPS everywhere but on a loopback host (development, tests), where browsers keep Secure cookies only over HTTPS.</summary>
    public static bool IsSecure(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var host = request.Host.Host;
        return !(host is "localhost" or "127.0.0.1" or "[::1]" or "::1");
    }

    public static string CookieName(HttpRequest request) => IsSecure(request) ? SecureCookie : LocalCookie;

    /// <summary>One Set-Cookie value; <c>Path=/</c> as the <c>__Host-</c> prefix requires.</summary>
    public static string Cookie(HttpRequest request, string name, string value, long maxAgeSeconds) =>
        $"{name}={value}; Path=/; Max-Age={maxAgeSeconds}; HttpOnly; SameSite=Lax" + (IsSecure(request) ? "; Secure" : string.Empty);

    private static string Hash(string id) => Convert.ToHexString(SHA256.HashData(Encoding.ASCII.GetBytes(id)));
}
