using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Serverless.Core.Addresses;
using Serverless.Core.CitizenAccounts;

namespace Serverless.IntegrationTests.CitizenAccounts;

/// <summary>
/// What an attacker tries against the FranceConnect sign-in, against the real local provider (oidc-provider) and the
/// app's real checks: an ID token signed with another key, an ID token of another sign-in (wrong nonce), a callback
/// replayed, and a session past its expiry. Each is refused and opens no session.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class FranceConnectAttackTests(LocalHostFixture host)
{
    private FranceConnectClient Client => host.Services.Get<FranceConnectClient>();

    [Fact]
    public async Task IdToken_SignedWithAnotherKey_IsRefusedAsInvalid()
    {
        var (genuine, nonce) = await GenuineIdTokenAsync();
        var claims = new JsonWebToken(genuine);

        // The same claims and the same key id, signed with a key the provider never published.
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = new JsonWebTokenHandler().CreateToken(
            claims.EncodedPayload is { } payload ? Base64UrlEncoder.Decode(payload) : string.Empty,
            new SigningCredentials(new ECDsaSecurityKey(forger) { KeyId = claims.Kid }, SecurityAlgorithms.EcdsaSha256));

        var refusal = await Assert.ThrowsAsync<FranceConnectRefusalException>(() => Client.CheckIdTokenAsync(forged, nonce, CancellationToken.None));
        Assert.Equal(FranceConnectRefusalReason.InvalidIdToken, refusal.Reason);
        // The genuine token passes the same check: what is refused is the signature.
        Assert.Equal(claims.Subject, (await Client.CheckIdTokenAsync(genuine, nonce, CancellationToken.None)).Subject);
    }

    [Fact]
    public async Task IdToken_OfAnotherSignIn_IsRefusedForItsNonce()
    {
        var (genuine, _) = await GenuineIdTokenAsync();

        var refusal = await Assert.ThrowsAsync<FranceConnectRefusalException>(() => Client.CheckIdTokenAsync(genuine, "nonce-of-another-sign-in-0123456789", CancellationToken.None));
        Assert.Equal(FranceConnectRefusalReason.NonceMismatch, refusal.Reason);
    }

    [Fact]
    public async Task Callback_ReplayedWithTheSameCodeAndState_IsRefusedAndOpensNoSession()
    {
        using var citizen = new FranceConnectWalk(host.BaseAddress);
        var callback = await citizen.ToCallbackAsync();
        var stateCookie = citizen.Cookies.GetCookies(host.BaseAddress)["citizen-signin"]!.Value;
        using (var first = await citizen.Http.GetAsync(callback))
        {
            Assert.Equal(HttpStatusCode.SeeOther, first.StatusCode);
        }

        // An attacker who saw the callback address (and even the browser's state cookie) tries it again.
        using var attacker = new FranceConnectWalk(host.BaseAddress);
        attacker.Cookies.Add(host.BaseAddress, new Cookie("citizen-signin", stateCookie));
        using var replay = await attacker.Http.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Forbidden, replay.StatusCode);
        Assert.True(string.IsNullOrEmpty(attacker.Cookies.GetCookies(host.BaseAddress)["citizen-session"]?.Value));
        Assert.Contains("Connexion refusée", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The app's own single use, apart from the provider's (which also refuses a code twice, so the replay above is
    /// refused even without it): a started sign-in is taken once.
    /// </summary>
    [Fact]
    public async Task TakeSignIn_Twice_OnlyTheFirstTakeGetsIt()
    {
        var signIns = host.Services.Get<CitizenSignIns>();
        var once = await signIns.StartAsync("/api/citizen", CancellationToken.None);
        Assert.NotNull(await signIns.TakeAsync(once.State, CancellationToken.None));
        Assert.Null(await signIns.TakeAsync(once.State, CancellationToken.None));
    }

    [Fact]
    public async Task Callback_CodeSentToAnotherBrowser_IsRefused()
    {
        using var victim = new FranceConnectWalk(host.BaseAddress);
        using var attacker = new FranceConnectWalk(host.BaseAddress);
        var callback = await attacker.ToCallbackAsync();

        // Login CSRF: the attacker's own callback opened in the victim's browser, whose state cookie is not this one.
        using var forced = await victim.Http.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Forbidden, forced.StatusCode);
    }

    [Fact]
    public async Task Session_PastItsExpiry_OpensNothing()
    {
        using var citizen = new FranceConnectWalk(host.BaseAddress);
        await citizen.SignInAsync();
        Assert.Contains("DUPONT", await citizen.Http.GetStringAsync("/api/citizen"), StringComparison.Ordinal);

        // The session's row says it ended a second ago (as if its hour had passed).
        var cookie = citizen.Cookies.GetCookies(host.BaseAddress)["citizen-session"]!.Value;
        var table = host.Storage.Table(StorageNames.CitizenSessionsTable);
        var partition = cookie.Split('.')[0];
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == partition))
        {
            row["ExpiresAt"] = DateTimeOffset.UtcNow.AddSeconds(-1);
            await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge);
        }

        var page = await citizen.Http.GetStringAsync("/api/citizen");
        Assert.DoesNotContain("DUPONT", page, StringComparison.Ordinal);
        Assert.Contains("S’identifier avec", page, StringComparison.Ordinal);
        var form = await citizen.Http.GetStringAsync("/api/procedures/library-membership/form");
        Assert.DoesNotContain("vérifié FranceConnect</span>", form, StringComparison.Ordinal);
    }

    /// <summary>An ID token the local provider really issued (to this app's client), and the nonce it was asked with.</summary>
    private async Task<(string IdToken, string Nonce)> GenuineIdTokenAsync()
    {
        var pending = new PendingSignIn("state-" + Guid.NewGuid().ToString("N"), "nonce-" + Guid.NewGuid().ToString("N"), "verifier-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), "/api/citizen");
        var redirect = new Uri(host.BaseAddress, "/api/citizen/callback");
        var authorize = await Client.AuthorizationUrlAsync(pending, redirect, CancellationToken.None);
        using var walk = new FranceConnectWalk(host.BaseAddress);
        var code = System.Web.HttpUtility.ParseQueryString((await walk.ThroughProviderAsync(authorize)).Query)["code"]!;

        var discovery = JsonDocument.Parse(await walk.Http.GetStringAsync(TestEnvironment.FranceConnectIssuer + "/.well-known/openid-configuration")).RootElement;
        using var tokens = await walk.Http.PostAsync(discovery.GetProperty("token_endpoint").GetString(), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirect.ToString(),
            ["client_id"] = LocalHostFixture.FranceConnectClientId,
            ["client_secret"] = "local-franceconnect-secret-not-for-production",
            ["code_verifier"] = pending.CodeVerifier,
        }));
        var body = JsonDocument.Parse(await tokens.Content.ReadAsStringAsync()).RootElement;
        return (body.GetProperty("id_token").GetString()!, pending.Nonce);
    }
}
