using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Serverless.Core.Applications;

public sealed class CitizenAccessOptions
{
    public const string Section = "CitizenAccess";

    /// <summary>Base64 key (at least 32 bytes) from which each application's access code is derived.</summary>
    public string Key { get; set; } = string.Empty;
}

/// <summary>
/// The secret a citizen needs to read an application: an HMAC of the reference under a server key. Nothing secret
/// is stored, a retried submission gets the same code back, and a code is checked in constant time.
/// </summary>
public sealed class CitizenAccessCodes
{
    private readonly byte[] key;

    public CitizenAccessCodes(IOptions<CitizenAccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        key = Convert.FromBase64String(options.Value.Key);
        if (key.Length < 32)
        {
            throw new InvalidOperationException("CitizenAccess:Key must be a base64 key of at least 32 bytes.");
        }
    }

    public string For(string reference)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("citizen-access:" + reference));
        return Base64Url.Encode(mac.AsSpan(0, 18));
    }

    public bool IsValid(string reference, string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(For(reference)), Encoding.ASCII.GetBytes(code));
    }
}

/// <summary>URL-safe base64 without padding.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? TryDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
