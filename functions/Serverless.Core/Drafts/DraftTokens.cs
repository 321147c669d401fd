using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;

namespace Serverless.Core.Drafts;

/// <summary>
/// The capability to a draft, carried in its address (no cookie, no account): <c>{draftId}.{mac}</c>, an HMAC of the
/// id under a key derived from the citizen-access key for this purpose only, so a draft token is never an access code,
/// a review link or a form stamp. It opens one draft, of one procedure, and nothing else; the draft's row says until when.
/// </summary>
public sealed class DraftTokens
{
    // Derived on first use, not when the draft timer's loop is built: reading the options there would check the
    // citizen-access key alone, before the start-up validation reports every problem at once.
    private readonly Lazy<byte[]> key;

    public DraftTokens(IOptions<CitizenAccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        key = new Lazy<byte[]>(() => HMACSHA256.HashData(Convert.FromBase64String(options.Value.Key), "draft-resume-token"u8));
    }

    /// <summary>A new draft's id: 128 random bits.</summary>
    public static string NewId() => Base64Url.Encode(RandomNumberGenerator.GetBytes(16));

    public string For(string draftId) => $"{draftId}.{Mac(draftId)}";

    /// <summary>The draft id the token stands for, or null when it is malformed or forged.</summary>
    public string? Open(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            return null;
        }

        var id = token[..dot];
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(id)), Encoding.ASCII.GetBytes(token[(dot + 1)..])) ? id : null;
    }

    private string Mac(string draftId) => Base64Url.Encode(HMACSHA256.HashData(key.Value, Encoding.UTF8.GetBytes(draftId)).AsSpan(0, 18));
}
