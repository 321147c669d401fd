namespace Serverless.Core.CitizenAccounts;

/// <summary>
/// The FranceConnect service provider's settings (section <c>FranceConnect</c>, docs/FRANCECONNECT.md). Without an
/// <see cref="Issuer"/> citizens cannot sign in and every procedure is filed as if its <c>citizenSignIn</c> were
/// <c>none</c>. Locally <c>run-local.sh</c> points it at the local provider (tools/franceconnect-local).
/// </summary>
public sealed class FranceConnectOptions
{
    public const string Section = "FranceConnect";

    /// <summary>The provider's issuer, e.g. <c>https://fcp-low.integ01.dev-franceconnect.fr/api/v2</c> (the sandbox); discovery is under it.</summary>
    public string Issuer { get; set; } = string.Empty;

    public string ClientId { get; set; } = string.Empty;

    /// <summary>The client secret (Key Vault in Azure): sent in the token request's body, as FranceConnect v2 asks (client_secret_post).</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>The scopes asked: the pivot identity and the e-mail address.</summary>
    public string Scopes { get; set; } = "openid identite_pivot email";

    /// <summary>The eIDAS level asked (<c>acr_values</c>); the ID token's <c>acr</c> must be it or a stronger one.</summary>
    public string AcrValues { get; set; } = "eidas1";

    /// <summary>How long a citizen's session lasts from sign-in, whatever the activity.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>How long a sign-in started (state, nonce, PKCE verifier) may take to come back.</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(Issuer) && !string.IsNullOrWhiteSpace(ClientId);
}
