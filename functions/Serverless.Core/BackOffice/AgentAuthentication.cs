using Microsoft.AspNetCore.Http;
using Serverless.Core.Review;

namespace Serverless.Core.BackOffice;

/// <summary>
/// Who the signed-in agent of a request is — the one class any back-office handler needs (the list, the application
/// page, and later the webhooks' delivery log or the usage report): <see cref="CurrentAsync"/> for a page,
/// <see cref="ForPostAsync"/> for a form, which also checks its anti-forgery token. Either the session cookie of a
/// sign-in link, or the address App Service Authentication (Entra ID) signed in, believed only when that module is
/// verifiably in front of the app (<see cref="AppServiceAuthentication"/>). Both map to the catalogue's agents and the
/// procedures their role covers: an address the catalogue no longer lists for the commune is signed in no more.
/// </summary>
public sealed class AgentAuthentication(AgentSessions sessions, AgentDirectory directory, AntiForgery antiForgery, AppServiceAuthentication platform)
{

    /// <summary>The agent of this request, or null when nobody (or nobody the catalogue still lists) is signed in.</summary>
    public async Task<SignedInAgent?> CurrentAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (platform.PrincipalName(request) is { } principal)
        {
            var communes = directory.CommunesOf(principal);
            var commune = communes.Count > 0 ? communes[0] : null;
            return commune is null
                ? null
                : new SignedInAgent(principal.Trim().ToLowerInvariant(), commune.Id, antiForgery.TokenFor($"entra|{principal.ToLowerInvariant()}|{request.Headers[AppServiceAuthentication.PrincipalIdHeader]}"), AgentSignInMethod.AppServiceAuthentication)
                {
                    Access = directory.AccessOf(principal, commune.Id)!,
                };
        }

        var session = await sessions.FindAsync(request, cancellationToken);
        if (session is null || directory.AccessOf(session.Email, session.CommuneId) is not { } access)
        {
            return null;
        }

        return new SignedInAgent(session.Email, session.CommuneId, antiForgery.TokenFor("session|" + session.Id), AgentSignInMethod.EmailLink) { Access = access };
    }

    /// <summary>The agent of a posted form, or null when nobody is signed in or the form lacks its anti-forgery token.</summary>
    public async Task<(SignedInAgent? Agent, bool Forged)> ForPostAsync(HttpRequest request, IFormCollection form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var agent = await CurrentAsync(request, cancellationToken);
        if (agent is null)
        {
            return (null, false);
        }

        var posted = form[AntiForgery.Field].ToString();
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(agent.AntiForgeryToken), System.Text.Encoding.ASCII.GetBytes(posted))
            ? (agent, false)
            : (null, true);
    }

    /// <summary>The session behind the request, for signing out.</summary>
    public Task<AgentSession?> SessionAsync(HttpRequest request, CancellationToken cancellationToken) => sessions.FindAsync(request, cancellationToken);
}
