using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Serverless.Platform.Configuration;

namespace Serverless.Core.Applications;

public sealed class CitizenAccessOptions
{
    public const string Section = "CitizenAccess";

    /// <summary>
    /// The single key of deployments made before key ids (base64, at least 32 bytes). Read only when
    /// <see cref="Keys"/> is empty, and then as key id <see cref="CitizenAccessKeyRing.LegacyKeyId"/>.
    /// </summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The key id from which the access codes of new applications (and the short-lived signatures) are derived.</summary>
    public string ActiveKeyId { get; set; } = string.Empty;

    /// <summary>Base64 keys (at least 32 bytes) by id. An id stays listed as long as an application whose code it derived is kept.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];
}

/// <summary>
/// The citizen-access keys by id, as configured: <c>CitizenAccess:Keys:&lt;id&gt;</c> with <c>CitizenAccess:ActiveKeyId</c>,
/// or, when no key is listed, the older single <c>CitizenAccess:Key</c> as key id <see cref="LegacyKeyId"/>. A key that
/// is not base64 is left out here; start-up validation reports it before anything uses the ring.
/// </summary>
public sealed class CitizenAccessKeyRing
{
    /// <summary>
    /// The id of the key that existed before key ids: decision 0010 gives it the id k1 (secret <c>citizen-access-key</c>),
    /// and application rows written before the key id column derive their code from it.
    /// </summary>
    public const string LegacyKeyId = KeyIdRules.LegacyKeyId;

    private CitizenAccessKeyRing(string activeKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        ActiveKeyId = activeKeyId;
        Keys = keys;
    }

    public string ActiveKeyId { get; }

    public IReadOnlyDictionary<string, byte[]> Keys { get; }

    public static CitizenAccessKeyRing From(CitizenAccessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var listed = KeyIdRules.Listed(options.Keys);
        if (listed.Count == 0)
        {
            if (Decode(options.Key) is { } legacy)
            {
                keys[LegacyKeyId] = legacy;
            }

            return new CitizenAccessKeyRing(string.IsNullOrEmpty(options.ActiveKeyId) ? LegacyKeyId : options.ActiveKeyId, keys);
        }

        foreach (var (id, value) in listed)
        {
            if (Decode(value) is { } bytes)
            {
                keys[id] = bytes;
            }
        }

        return new CitizenAccessKeyRing(options.ActiveKeyId, keys);
    }

    /// <summary>A key derived for one purpose from each listed key, the active one first (it signs; every one verifies).</summary>
    public IReadOnlyList<byte[]> Derived(ReadOnlySpan<byte> purpose)
    {
        var derived = new List<byte[]>();
        if (Keys.TryGetValue(ActiveKeyId, out var active))
        {
            derived.Add(HMACSHA256.HashData(active, purpose));
        }

        foreach (var (id, key) in Keys.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (id != ActiveKeyId)
            {
                derived.Add(HMACSHA256.HashData(key, purpose));
            }
        }

        if (derived.Count == 0)
        {
            // No usable key: validation refuses this at start-up; an empty key keeps the callers total meanwhile.
            derived.Add(HMACSHA256.HashData([], purpose));
        }

        return derived;
    }

    private static byte[]? Decode(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>
/// The secret a citizen needs to read an application: an HMAC of the reference under a server key. Nothing secret
/// is stored, a retried submission gets the same code back, and a code is checked in constant time. The application
/// row records the id of the key its code derives from (<c>AccessKeyId</c>, written with the row at submission), so a
/// code handed out before a rotation keeps opening its application after a new key becomes active.
/// </summary>
public sealed class CitizenAccessCodes
{
    private readonly CitizenAccessKeyRing ring;

    public CitizenAccessCodes(IOptions<CitizenAccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ring = CitizenAccessKeyRing.From(options.Value);
        if (ring.Keys.Count == 0 || !ring.Keys.ContainsKey(ring.ActiveKeyId) || ring.Keys.Values.Any(key => key.Length < 32))
        {
            throw new InvalidOperationException("CitizenAccess: every key must be base64 of at least 32 bytes, and CitizenAccess:ActiveKeyId must name one of CitizenAccess:Keys.");
        }
    }

    /// <summary>The key id a new application records, and derives its code from.</summary>
    public string ActiveKeyId => ring.ActiveKeyId;

    /// <summary>
    /// The code of the application <paramref name="reference"/> whose row recorded <paramref name="keyId"/> (null: a
    /// row written before key ids, whose code derives from <see cref="CitizenAccessKeyRing.LegacyKeyId"/>).
    /// </summary>
    public string For(string reference, string? keyId) =>
        Derive(ring.Keys.GetValueOrDefault(keyId ?? CitizenAccessKeyRing.LegacyKeyId)
            ?? throw new InvalidOperationException($"Application {reference} has an access code derived from key id '{keyId ?? CitizenAccessKeyRing.LegacyKeyId}', which is not in CitizenAccess__Keys: list that key again."), reference);

    /// <summary>True when <paramref name="code"/> is the code of the application, derived with the key its row recorded.</summary>
    public bool IsValid(string reference, string? keyId, string? code) =>
        !string.IsNullOrEmpty(code)
        && ring.Keys.TryGetValue(keyId ?? CitizenAccessKeyRing.LegacyKeyId, out var key)
        && Same(Derive(key, reference), code);

    /// <summary>
    /// True when <paramref name="code"/> is the reference's code under any listed key: a check made before the row is
    /// read, so a guessed code costs no storage read. The row's own key id is checked afterwards (<see cref="IsValid"/>).
    /// </summary>
    public bool IsValidUnderAnyKey(string reference, string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return false;
        }

        var any = false;
        foreach (var key in ring.Keys.Values)
        {
            // No early exit: every key is tried, so the time taken does not say which one matched.
            any |= Same(Derive(key, reference), code);
        }

        return any;
    }

    private static string Derive(byte[] key, string reference)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("citizen-access:" + reference));
        return Base64Url.Encode(mac.AsSpan(0, 18));
    }

    private static bool Same(string expected, string code) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(code));
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
