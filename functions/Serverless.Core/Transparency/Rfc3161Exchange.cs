using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Serverless.Core.Transparency;

/// <summary>
/// One RFC 3161 request and reply over HTTP (RFC 3161 §3.4: application/timestamp-query, -reply), shared by the
/// transparency checkpoints and the officials' signatures. The reply is refused unless it answers this request.
/// </summary>
public static class Rfc3161Exchange
{
    /// <summary>A token over SHA-256 of <paramref name="data"/>, with a fresh nonce and the authority's certificate.</summary>
    public static async Task<Rfc3161TimestampToken> RequestAsync(HttpClient client, Uri authority, byte[] data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var nonce = RandomNumberGenerator.GetBytes(8);
        nonce[0] &= 0x7F; // a positive INTEGER
        var request = Rfc3161TimestampRequest.CreateFromData(data, HashAlgorithmName.SHA256, nonce: nonce, requestSignerCertificates: true);
        using var content = new ByteArrayContent(request.Encode());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await client.PostAsync(authority, content, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadAsByteArrayAsync(cancellationToken);

        // ProcessResponse refuses a reply for another hash or nonce, or one that is not "granted".
        return request.ProcessResponse(reply, out _);
    }
}
