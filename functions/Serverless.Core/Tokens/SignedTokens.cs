using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;

namespace Serverless.Core.Tokens;

/// <summary>
/// The envelope shared by review and revocation links: <c>base64url(version|keyId|fields…).base64url(HMAC-SHA256)</c>.
/// The key id allows rotation (new links use the active key; older keys still verify until removed); the purpose is
/// mixed into the MAC so a link of one kind never verifies as another.
/// </summary>
public sealed class SignedTokens
{
    private readonly Dictionary<string, byte[]> keys;
    private readonly string activeKeyId;
    private readonly string version;
    private readonly byte[] purpose;

    public SignedTokens(IOptions<ReviewTokenOptions> options, string version, string purpose)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.version = version;
        this.purpose = Encoding.UTF8.GetBytes(purpose);
        keys = options.Value.Keys.ToDictionary(pair => pair.Key, pair => Convert.FromBase64String(pair.Value), StringComparer.Ordinal);
        activeKeyId = options.Value.ActiveKeyId;
        if (!keys.TryGetValue(activeKeyId, out var active) || active.Length < 32)
        {
            throw new InvalidOperationException($"ReviewTokens:Keys:{activeKeyId} (the active key) must be a base64 key of at least 32 bytes.");
        }
    }

    public string Seal(IReadOnlyList<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Any(field => field.Contains('|', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A token field cannot contain '|'.", nameof(fields));
        }

        var payload = Encoding.UTF8.GetBytes(string.Join('|', [version, activeKeyId, .. fields]));
        return $"{Base64Url.Encode(payload)}.{Base64Url.Encode(Mac(keys[activeKeyId], payload))}";
    }

    /// <summary>The fields after version and key id, once the shape, the key and the signature are checked.</summary>
    public (string[]? Fields, TokenProblem Problem) Open(string? token, int fieldCount)
    {
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 2 || Base64Url.TryDecode(parts[0]) is not { } payload || Base64Url.TryDecode(parts[1]) is not { } signature)
        {
            return (null, TokenProblem.Malformed);
        }

        string[] fields;
        try
        {
            fields = new UTF8Encoding(false, true).GetString(payload).Split('|');
        }
        catch (DecoderFallbackException)
        {
            return (null, TokenProblem.Malformed);
        }

        if (fields.Length != fieldCount + 2 || fields[0] != version)
        {
            return (null, TokenProblem.Malformed);
        }

        if (!keys.TryGetValue(fields[1], out var key))
        {
            return (null, TokenProblem.UnknownKey);
        }

        return CryptographicOperations.FixedTimeEquals(Mac(key, payload), signature)
            ? (fields[2..], TokenProblem.None)
            : (null, TokenProblem.BadSignature);
    }

    private byte[] Mac(byte[] key, byte[] payload) => HMACSHA256.HashData(key, (byte[])[.. purpose, .. payload]);
}
