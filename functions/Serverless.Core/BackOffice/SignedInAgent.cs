using Serverless.Core.Review;

namespace Serverless.Core.BackOffice;

/// <summary>
/// The agent behind a back-office request: their address, the commune they act for, the token every form they
/// post must carry, and the procedures they may open (<see cref="Access"/>, from the catalogue at each request). How a
/// signed-in request becomes one: <see cref="AgentAuthentication.CurrentAsync"/>.
/// </summary>
public sealed record SignedInAgent(string Email, string CommuneId, string AntiForgeryToken, AgentSignInMethod Method)
{
    public AgentAccess Access { get; init; } = new(CommuneId, Administrator: false, new HashSet<string>());
}

public enum AgentSignInMethod
{
    /// <summary>A one-time link sent by e-mail, then a session cookie.</summary>
    EmailLink,

    /// <summary>Entra ID through App Service Authentication (Azure only, when turned on).</summary>
    AppServiceAuthentication,
}
