using System.Formats.Asn1;
using System.Security.Cryptography.Pkcs;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Core.Signatures;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests;

/// <summary>An elected official's signature timestamped by a real RFC 3161 authority (`openssl ts`): PAdES B-T.</summary>
public sealed class SignatureTimestampTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AppendAsync_WithTimestampAuthority_CarriesATokenOverTheSignatureWhoseTimeTheReaderReports()
    {
        await using var authority = await OpenSslTimestampAuthority.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), $"signatories-{Guid.NewGuid():N}");
        try
        {
            var options = Options.Create(new SignatureOptions { TimestampAuthorityUrl = authority.Url.ToString(), LocalDirectory = folder });
            var appender = new PdfSignatureAppender(new CadesSignature(new SignatureTimestamper(options, new PlainHttp())));
            var keys = new LocalSignatoryAuthority(options, TimeProvider.System, NullLogger<LocalSignatoryAuthority>.Instance);
            var mayor = new Signatory("saint-exemple", "maire", "Jean Maire", "Maire");
            var unsigned = new DecisionDocumentRenderer().Render(Decision());

            var signed = await appender.AppendAsync(unsigned, "signature", new SignatureMark(mayor, SignatureKind.Decision, "Le maire", DateTimeOffset.UtcNow, "Saint-Exemple"), await keys.GetAsync(mayor, CancellationToken.None), CancellationToken.None);

            var signature = Assert.Single(new PdfSignatureReader().Read(signed));
            Assert.True(signature.Valid);
            Assert.NotNull(signature.TimestampedAt);
            var (signatureValue, token) = TokenOf(signed);
            Assert.True(Rfc3161TimestampToken.TryDecode(token, out var decoded, out _));
            Assert.Equal(decoded!.TokenInfo.Timestamp, signature.TimestampedAt);
            // openssl, not .NET, says the token stands for exactly this signature value.
            var (code, verdict) = await authority.VerifyAsync(signatureValue, token);
            output.WriteLine($"openssl ts -verify over the signature value: exit {code}: {verdict.Trim()}; reader: timestamped at {signature.TimestampedAt:O}");
            Assert.True(code == 0, verdict);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The signature value and the signature-time-stamp attribute's token, read from /Contents.</summary>
    private static (byte[] SignatureValue, byte[] Token) TokenOf(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var start = text.LastIndexOf("/Contents <", StringComparison.Ordinal) + "/Contents <".Length;
        var hex = text[start..text.IndexOf('>', start)];
        var contents = Convert.FromHexString(hex);
        var cms = new SignedCms();
        cms.Decode(new AsnReader(contents, AsnEncodingRules.BER).PeekEncodedValue().Span);
        var signer = Assert.Single(cms.SignerInfos.Cast<SignerInfo>());
        var attribute = Assert.Single(signer.UnsignedAttributes.Cast<System.Security.Cryptography.CryptographicAttributeObject>(), item => item.Oid.Value == SignatureTimestamper.AttributeOid);
        return (signer.GetSignature(), attribute.Values[0].RawData);
    }

    private static DecisionDocumentContent Decision() => new(
        "Saint-Exemple", "Département de l'Exemple", "1 place de la Mairie, 99999 Saint-Exemple", "#1f4e79", null,
        "Arrêté portant occupation du domaine public", "Article 1 : La terrasse de la Brasserie du Port est autorisée.", "TP-2026-000042", 1,
        "Fait à Saint-Exemple", [new SignatureSlot("signature", "Le maire")], "https://services.saint-exemple.fr/verifier/TP-2026-000042");

    private sealed class PlainHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
