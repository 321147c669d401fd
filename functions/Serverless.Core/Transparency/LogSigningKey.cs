using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NSec.Cryptography;
using Serverless.Core.Certificates;
using Serverless.Platform.Configuration;

namespace Serverless.Core.Transparency;

/// <summary>
/// The Ed25519 keys of the checkpoints, loaded once: <c>Transparency:SigningKeys:&lt;id&gt;</c> with
/// <c>Transparency:ActiveKeyId</c> (the one that signs); else the older single <c>Transparency:SigningKey</c> as key id
/// k1; else a development key generated on first use and kept outside the repository (a key that changed at each start
/// would make every earlier checkpoint unverifiable with the published key). Every listed key's public key is
/// published, so checkpoints signed before a rotation still verify.
/// </summary>
public sealed partial class LogSigningKey : IDisposable
{
    public const string LocalFileName = "transparency-ed25519.key";

    /// <summary>The id of the single, older setting and of the development key (decision 0010: k1 keeps its secret).</summary>
    public const string LegacyKeyId = KeyIdRules.LegacyKeyId;

    private readonly Lazy<(string ActiveKeyId, IReadOnlyDictionary<string, Key> Keys)> keys;

    public LogSigningKey(IOptions<TransparencyOptions> options, IOptions<CertificateSigningOptions> signing, ILogger<LogSigningKey> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signing);
        keys = new(() => Load(options.Value, signing.Value, logger));
    }

    /// <summary>The id of the key that signs new checkpoints.</summary>
    public string ActiveKeyId => keys.Value.ActiveKeyId;

    /// <summary>The key that signs new checkpoints.</summary>
    public Key Key => keys.Value.Keys[keys.Value.ActiveKeyId];

    public byte[] PublicKey => Key.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    /// <summary>The raw public key of every listed key, the active one first, then by key id.</summary>
    public IReadOnlyList<byte[]> PublicKeys =>
        [.. keys.Value.Keys
            .OrderBy(pair => pair.Key == keys.Value.ActiveKeyId ? 0 : 1)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Value.PublicKey.Export(KeyBlobFormat.RawPublicKey))];

    /// <summary>The verifier keys of a log named <paramref name="origin"/>, one per listed key, the active one first.</summary>
    public IReadOnlyList<string> VerifierKeys(string origin) => [.. PublicKeys.Select(key => SignedNote.VerifierKey(origin, key))];

    /// <summary>The Ed25519 seed is SHA-256 of the key material (at least 32 bytes), so any key the vault generates serves.</summary>
    public static Key FromMaterial(ReadOnlySpan<byte> material) => FromSeed(System.Security.Cryptography.SHA256.HashData(material));

    public static Key FromSeed(ReadOnlySpan<byte> seed) =>
        NSec.Cryptography.Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });

    private static (string, IReadOnlyDictionary<string, Key>) Load(TransparencyOptions options, CertificateSigningOptions signing, ILogger logger)
    {
        if (KeyIdRules.Listed(options.SigningKeys) is { Count: > 0 } configured)
        {
            // Validated at start-up: every key base64 of at least 32 bytes, the active id among them.
            var listed = configured.ToDictionary(pair => pair.Key, pair => FromMaterial(Convert.FromBase64String(pair.Value)), StringComparer.Ordinal);
            return (options.ActiveKeyId, listed);
        }

        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return (LegacyKeyId, new Dictionary<string, Key>(StringComparer.Ordinal) { [LegacyKeyId] = FromMaterial(Convert.FromBase64String(options.SigningKey)) });
        }

        var path = Path.Combine(Path.GetDirectoryName(SigningCertificates.LocalDevelopmentPath(signing, "x"))!, LocalFileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var seed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(seed)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        LogDevelopmentKey(logger, path);
        return (LegacyKeyId, new Dictionary<string, Key>(StringComparer.Ordinal) { [LegacyKeyId] = FromMaterial(Convert.FromBase64String(File.ReadAllText(path).Trim())) });
    }

    public void Dispose()
    {
        if (keys.IsValueCreated)
        {
            foreach (var key in keys.Value.Keys.Values)
            {
                key.Dispose();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transparency__SigningKeys is not set: checkpoints are signed with the development key in {Path}")]
    private static partial void LogDevelopmentKey(ILogger logger, string path);
}
