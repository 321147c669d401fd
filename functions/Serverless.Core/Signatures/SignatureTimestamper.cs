using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Microsoft.Extensions.Options;
using Serverless.Core.Transparency;

namespace Serverless.Core.Signatures;

/// <summary>
/// The signature-time-stamp of a CAdES signature (RFC 5126 §6.1.1; ETSI EN 319 142-1 B-T level): an RFC 3161
/// token over the signature value, from the authority <see cref="SignatureOptions.TimestampAuthorityUrl"/> names.
/// </summary>
public sealed class SignatureTimestamper(IOptions<SignatureOptions> options, IHttpClientFactory http)
{
    /// <summary>id-aa-signatureTimeStampToken (RFC 3161 Appendix A).</summary>
    public const string AttributeOid = "1.2.840.113549.1.9.16.2.14";

    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.TimestampAuthorityUrl);

    /// <summary>A token over the signer's signature value, checked against it; null when no authority is configured.</summary>
    public async Task<Rfc3161TimestampToken?> StampAsync(SignerInfo signer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (!Enabled)
        {
            return null;
        }

        using var client = http.CreateClient(nameof(SignatureTimestamper));
        var token = await Rfc3161Exchange.RequestAsync(client, new Uri(options.Value.TimestampAuthorityUrl!), signer.GetSignature(), cancellationToken);
        if (!token.VerifySignatureForSignerInfo(signer, out _))
        {
            throw new CryptographicException("The timestamp authority's token does not verify over the signature value.");
        }

        return token;
    }
}
