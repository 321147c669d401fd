using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Serverless.Core.CitizenAccounts;

/// <summary>
/// The OpenID Connect client of FranceConnect v2 (docs/decisions/0013-franceconnect-client.md): the provider's
/// discovery document and keys come from Microsoft.IdentityModel's <see cref="ConfigurationManager{T}"/> (cached,
/// refreshed once when a token names an unknown key, as FranceConnect asks of a client that caches keys), and every
/// token is checked by <see cref="JsonWebTokenHandler"/>: signature against the provider's JWKS, issuer, audience and
/// expiry, for the ID token and for the signed userinfo alike. What the library does not know of this flow is checked
/// here, after it: the nonce this sign-in sent, the eIDAS level (acr), and the userinfo's subject being the ID token's.
/// </summary>
public sealed class FranceConnectClient
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSha256];
    private static readonly string[] Levels = ["eidas1", "eidas2", "eidas3"];

    private readonly FranceConnectOptions options;
    private readonly HttpClient http;
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? configuration;
    private readonly JsonWebTokenHandler handler = new();

    public FranceConnectClient(IOptions<FranceConnectOptions> options, IHttpClientFactory httpClients)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClients);
        this.options = options.Value;
        http = httpClients.CreateClient(nameof(FranceConnectClient));
        if (this.options.Enabled)
        {
            var issuer = new Uri(this.options.Issuer.TrimEnd('/'));
            configuration = new ConfigurationManager<OpenIdConnectConfiguration>(
                issuer + "/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                // HTTPS everywhere but to the local provider on a loopback address.
                new HttpDocumentRetriever(http) { RequireHttps = !issuer.IsLoopback });
        }
    }

    public bool Enabled => configuration is not null;

    private ConfigurationManager<OpenIdConnectConfiguration> Configuration =>
        configuration ?? throw new InvalidOperationException("FranceConnect is not configured (FranceConnect:Issuer, FranceConnect:ClientId).");

    /// <summary>The authorization request: code flow, the scopes and level asked, state and nonce, and PKCE (S256).</summary>
    public async Task<Uri> AuthorizationUrlAsync(PendingSignIn pending, Uri redirectUri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var provider = await Configuration.GetConfigurationAsync(cancellationToken);
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = options.ClientId,
            ["redirect_uri"] = redirectUri.ToString(),
            ["scope"] = options.Scopes,
            ["acr_values"] = options.AcrValues,
            ["state"] = pending.State,
            ["nonce"] = pending.Nonce,
            ["code_challenge"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(pending.CodeVerifier))),
            ["code_challenge_method"] = "S256",
            ["prompt"] = "login",
        };
        return new Uri(provider.AuthorizationEndpoint + "?" + string.Join('&', query.Select(pair => $"{pair.Key}={Uri.EscapeDataString(pair.Value)}")));
    }

    /// <summary>Redeems the code and returns the identity, or throws <see cref="FranceConnectRefusalException"/>.</summary>
    public async Task<SignedInCitizen> RedeemAsync(string code, PendingSignIn pending, Uri redirectUri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var provider = await Configuration.GetConfigurationAsync(cancellationToken);
        using var tokenRequest = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
            ["client_id"] = options.ClientId,
            ["client_secret"] = options.ClientSecret,
            ["code_verifier"] = pending.CodeVerifier,
        });
        using var tokenResponse = await http.PostAsync(new Uri(provider.TokenEndpoint), tokenRequest, cancellationToken);
        if (!tokenResponse.IsSuccessStatusCode)
        {
            throw new FranceConnectRefusalException(FranceConnectRefusalReason.CodeRefused);
        }

        var tokens = new OpenIdConnectMessage(await tokenResponse.Content.ReadAsStringAsync(cancellationToken));
        if (string.IsNullOrEmpty(tokens.IdToken) || string.IsNullOrEmpty(tokens.AccessToken))
        {
            throw new FranceConnectRefusalException(FranceConnectRefusalReason.CodeRefused);
        }

        var idToken = await CheckIdTokenAsync(tokens.IdToken, pending.Nonce, cancellationToken);
        var identity = await UserinfoAsync(provider, tokens.AccessToken, idToken.Subject, cancellationToken);
        return new SignedInCitizen(identity, tokens.IdToken);
    }

    /// <summary>The ID token checked: signature (provider's keys), issuer, audience, expiry, then nonce and acr.</summary>
    public async Task<JsonWebToken> CheckIdTokenAsync(string idToken, string expectedNonce, CancellationToken cancellationToken)
    {
        var token = await ValidateAsync(idToken, FranceConnectRefusalReason.InvalidIdToken, cancellationToken);
        var nonce = token.TryGetPayloadValue<string>("nonce", out var value) ? value : string.Empty;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(expectedNonce)))
        {
            throw new FranceConnectRefusalException(FranceConnectRefusalReason.NonceMismatch);
        }

        var acr = token.TryGetPayloadValue<string>("acr", out var level) ? level : string.Empty;
        if (Array.IndexOf(Levels, acr) < Math.Max(0, Array.IndexOf(Levels, options.AcrValues)))
        {
            throw new FranceConnectRefusalException(FranceConnectRefusalReason.AcrTooWeak);
        }

        return token;
    }

    /// <summary>The end-session request: the provider signs the citizen out, then sends them back to <paramref name="postLogoutRedirectUri"/>.</summary>
    public async Task<Uri> EndSessionUrlAsync(string idTokenHint, Uri postLogoutRedirectUri, string state, CancellationToken cancellationToken)
    {
        var provider = await Configuration.GetConfigurationAsync(cancellationToken);
        return new Uri(provider.EndSessionEndpoint
            + $"?id_token_hint={Uri.EscapeDataString(idTokenHint)}&post_logout_redirect_uri={Uri.EscapeDataString(postLogoutRedirectUri.ToString())}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<PivotIdentity> UserinfoAsync(OpenIdConnectConfiguration provider, string accessToken, string subject, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, provider.UserInfoEndpoint);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, cancellationToken);
        // FranceConnect v2 signs the userinfo answer (application/jwt): an unsigned JSON answer is refused.
        if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/jwt")
        {
            throw new FranceConnectRefusalException(FranceConnectRefusalReason.InvalidUserinfo);
        }

        var token = await ValidateAsync(await response.Content.ReadAsStringAsync(cancellationToken), FranceConnectRefusalReason.InvalidUserinfo, cancellationToken);
        if (!string.Equals(token.Subject, subject, StringComparison.Ordinal))
        {
            throw new FranceConnectRefusalException(FranceConnectRefusalReason.InvalidUserinfo);
        }

        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in PivotClaims.All)
        {
            if (token.TryGetPayloadValue<string>(name, out var value) && value is not null)
            {
                claims[name] = value;
            }
        }

        return new PivotIdentity(subject, claims);
    }

    /// <summary>One JWT of the provider for this client, checked by the library; a key it does not know makes it fetch the keys again, once.</summary>
    private async Task<JsonWebToken> ValidateAsync(string jwt, FranceConnectRefusalReason reason, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var provider = await Configuration.GetConfigurationAsync(cancellationToken);
            var result = await handler.ValidateTokenAsync(jwt, new TokenValidationParameters
            {
                ValidIssuer = provider.Issuer,
                ValidAudience = options.ClientId,
                IssuerSigningKeys = provider.SigningKeys,
                ValidAlgorithms = Algorithms,
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ValidateLifetime = true,
                ClockSkew = TimeSpan.FromMinutes(1),
            });
            if (result.IsValid && result.SecurityToken is JsonWebToken token)
            {
                return token;
            }

            if (attempt == 0 && result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                Configuration.RequestRefresh();
                continue;
            }

            throw new FranceConnectRefusalException(reason, result.Exception);
        }
    }
}

/// <summary>A sign-in that came back checked: the identity, and the ID token kept as the logout's <c>id_token_hint</c>.</summary>
public sealed record SignedInCitizen(PivotIdentity Identity, string IdToken);
