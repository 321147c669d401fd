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
    // The active key first: it makes new tokens; every listed key opens, so a draft saved before a rotation resumes.
    private readonly Lazy<IReadOnlyList<byte[]>> keys;

    public DraftTokens(IOptions<CitizenAccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        keys = new Lazy<IReadOnlyList<byte[]>>(() => CitizenAccessKeyRing.From(options.Value).Derived("draft-resume-token"u8));
    }

    /// <summary>A new draft's id: 128 random bits.</summary>
    public static string NewId() => Base64Url.Encode(RandomNumberGenerator.GetBytes(16));

    public string For(string draftId) => $"{draftId}.{Mac(keys.Value[0], draftId)}";

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
        var mac = Encoding.ASCII.GetBytes(token[(dot + 1)..]);
        return keys.Value.Any(key => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(key, id)), mac)) ? id : null;
    }

    private static string Mac(byte[] key, string draftId) => Base64Url.Encode(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(draftId)).AsSpan(0, 18));
}
