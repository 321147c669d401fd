using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Serverless.Core.Signatures;

namespace Serverless.Core.Tests;

/// <summary>
/// The Key Vault signer against an in-process Key Vault that answers the REST "sign" operation as the reference
/// describes it (https://learn.microsoft.com/rest/api/keyvault/keys/sign/sign): the private key stays in the fake vault.
/// </summary>
public sealed class KeyVaultSignatoryKeysTests
{
    private static readonly Uri KeyId = new("https://coffre-test.vault.azure.net/keys/signatory-saint-exemple-maire/0123456789abcdef0123456789abcdef");

    [Fact]
    public async Task SignAsync_VaultSignsTheDigest_ReturnsASignatureTheCertificateVerifies()
    {
        using var vault = new FakeKeyVault();
        var signer = new KeyVaultDigestSigner(new HttpClient(vault), new FakeCredential());
        var digest = SHA256.HashData("Arrêté n° 2026-123"u8);

        var signature = await signer.SignAsync(KeyId, digest, CancellationToken.None);

        using var certificate = vault.Certificate("Jean Maire");
        using var publicKey = certificate.GetRSAPublicKey()!;
        Assert.True(publicKey.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        var request = Assert.Single(vault.Requests);
        Assert.Equal("/keys/signatory-saint-exemple-maire/0123456789abcdef0123456789abcdef/sign", request.Path);
        Assert.Equal("?api-version=7.4", request.Query);
        Assert.Equal("RS256", request.Algorithm);
    }

    [Fact]
    public async Task AppendAsync_KeyInTheVault_PdfsigSaysTheSignatureIsValid()
    {
        using var vault = new FakeKeyVault();
        using var certificate = vault.Certificate("Jean Maire");
        var key = new KeyVaultSignatoryKey(certificate, [], KeyId, new KeyVaultDigestSigner(new HttpClient(vault), new FakeCredential()));
        var mark = DecisionSamples.Decision() with { Signatory = DecisionSamples.Deputy with { Name = "Jean Maire" }, Capacity = "Le maire" };
        var unsigned = new DecisionDocumentRenderer().Render(DecisionSamples.Derogation());

        var signed = await DecisionSamples.Appender().AppendAsync(unsigned, "signature", mark, key, CancellationToken.None);

        var output = Poppler.Pdfsig(signed);
        Assert.Contains("Signer Certificate Common Name: Jean Maire", output, StringComparison.Ordinal);
        Assert.Contains("Signature Validation: Signature is Valid.", output, StringComparison.Ordinal);
        Assert.True(Assert.Single(new PdfSignatureReader().Read(signed)).Valid);
        Assert.Single(vault.Requests);
    }

    [Fact]
    public async Task SignAsync_VaultRefuses_ThrowsWithTheVaultsReasonButNotTheToken()
    {
        using var vault = new FakeKeyVault { Refuse = true };
        var signer = new KeyVaultDigestSigner(new HttpClient(vault), new FakeCredential());

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => signer.SignAsync(KeyId, SHA256.HashData("x"u8), CancellationToken.None));

        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
        Assert.Contains("keys/sign", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeCredential.Token, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateName_AccentsAndSpaces_GivesAKeyVaultName()
    {
        var name = KeyVaultSignatoryKeys.CertificateName(new Signatory("Saint-Étienne", "Adjointe Éducation", "Marie Durand", "Adjointe"));

        Assert.Equal("signatory-saint-etienne-adjointe-education", name);
    }

    private sealed class FakeCredential : TokenCredential
    {
        public const string Token = "jeton-de-test-qui-ne-doit-jamais-sortir";

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token, DateTimeOffset.MaxValue);

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    /// <summary>Key Vault's sign operation over a local RSA key: checks the bearer token, answers {"kid","value"} in base64url.</summary>
    private sealed class FakeKeyVault : HttpMessageHandler
    {
        private readonly RSA key = RSA.Create(2048);

        public bool Refuse { get; init; }

        public List<(string Path, string Query, string Algorithm)> Requests { get; } = [];

        /// <summary>A certificate for the vault's key, public part only, as Key Vault's certificate "cer" gives it.</summary>
        public X509Certificate2 Certificate(string name)
        {
            var request = new CertificateRequest($"CN={name}, O=saint-exemple, C=FR", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
            return X509CertificateLoader.LoadCertificate(withKey.RawData);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal($"Bearer {FakeCredential.Token}", request.Headers.Authorization?.ToString());
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!;
            var algorithm = (string)body["alg"]!;
            Requests.Add((request.RequestUri!.AbsolutePath, request.RequestUri.Query, algorithm));
            if (Refuse)
            {
                return new HttpResponseMessage(HttpStatusCode.Forbidden)
                {
                    Content = new StringContent("""{"error":{"code":"Forbidden","message":"Caller is not authorized to perform action on resource: keys/sign"}}"""),
                };
            }

            var digest = FromBase64Url((string)body["value"]!);
            var signature = key.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var answer = new JsonObject
            {
                ["kid"] = request.RequestUri.GetLeftPart(UriPartial.Path).Replace("/sign", string.Empty, StringComparison.Ordinal),
                ["value"] = Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            };
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        }

        private static byte[] FromBase64Url(string text)
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(base64 + new string('=', (4 - (base64.Length % 4)) % 4));
        }

        protected override void Dispose(bool disposing)
        {
            key.Dispose();
            base.Dispose(disposing);
        }
    }
}
