using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Azure.Core;

namespace Serverless.Core.Signatures;

/// <summary>
/// Signs a SHA-256 digest with a Key Vault key through the REST "sign" operation, so that the private key never
/// leaves the vault: POST {key id}/sign?api-version=7.4 with {"alg":"RS256","value":base64url(digest)}, answered by
/// {"kid":…,"value":base64url(signature)} (https://learn.microsoft.com/rest/api/keyvault/keys/sign/sign). The caller
/// needs the keys/sign data action (role Key Vault Crypto User on that key).
/// </summary>
public sealed class KeyVaultDigestSigner(HttpClient http, TokenCredential credential)
{
    public const string ApiVersion = "7.4";

    /// <summary>The audience of Key Vault's data plane in Azure's public cloud.</summary>
    public static readonly string[] Scopes = ["https://vault.azure.net/.default"];

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (JWA RS256) over a digest computed here.</summary>
    public async Task<byte[]> SignAsync(Uri keyId, byte[] digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        ArgumentNullException.ThrowIfNull(digest);
        if (digest.Length != 32)
        {
            throw new ArgumentException("RS256 signs a SHA-256 digest (32 bytes).", nameof(digest));
        }

        var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{keyId.AbsoluteUri.TrimEnd('/')}/sign?api-version={ApiVersion}"))
        {
            Content = JsonContent.Create(new SignRequest("RS256", Base64Url.Encode(digest))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // Key Vault's error body says which permission or key is wrong; it never holds the token.
            var error = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new InvalidOperationException($"Key Vault refused to sign with {keyId.AbsolutePath} ({(int)response.StatusCode}): {error}");
        }

        var result = await response.Content.ReadFromJsonAsync<SignResult>(cancellationToken)
            ?? throw new InvalidOperationException($"Key Vault's answer to sign with {keyId.AbsolutePath} is empty.");
        return Base64Url.Decode(result.Value ?? throw new InvalidOperationException($"Key Vault's answer to sign with {keyId.AbsolutePath} has no value."));
    }

    internal sealed record SignRequest([property: JsonPropertyName("alg")] string Algorithm, [property: JsonPropertyName("value")] string Value);

    internal sealed record SignResult([property: JsonPropertyName("kid")] string? KeyId, [property: JsonPropertyName("value")] string? Value);
}

/// <summary>base64url without padding (RFC 4648 §5), as Key Vault's JSON Web Key operations use it.</summary>
internal static class Base64Url
{
    public static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Decode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
