using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NSec.Cryptography;
using Serverless.Core.Certificates;

namespace Serverless.Core.Transparency;

/// <summary>
/// The Ed25519 key that signs checkpoints, loaded once: from <c>Transparency:SigningKey</c>, else a development key
/// generated on first use and kept outside the repository (a key that changed at each start would make every earlier
/// checkpoint unverifiable with the published key).
/// </summary>
public sealed partial class LogSigningKey : IDisposable
{
    public const string LocalFileName = "transparency-ed25519.key";

    private readonly Lazy<Key> key;

    public LogSigningKey(IOptions<TransparencyOptions> options, IOptions<CertificateSigningOptions> signing, ILogger<LogSigningKey> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signing);
        key = new Lazy<Key>(() => Load(options.Value.SigningKey, signing.Value, logger));
    }

    public Key Key => key.Value;

    public byte[] PublicKey => Key.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    /// <summary>The Ed25519 seed is SHA-256 of the key material (at least 32 bytes), so any key the vault generates serves.</summary>
    public static Key FromMaterial(ReadOnlySpan<byte> material) => FromSeed(System.Security.Cryptography.SHA256.HashData(material));

    public static Key FromSeed(ReadOnlySpan<byte> seed) =>
        NSec.Cryptography.Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });

    private static Key Load(string configured, CertificateSigningOptions signing, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return FromMaterial(Convert.FromBase64String(configured));
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
        return FromMaterial(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    public void Dispose()
    {
        if (key.IsValueCreated)
        {
            key.Value.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transparency__SigningKey is not set: checkpoints are signed with the development key in {Path}")]
    private static partial void LogDevelopmentKey(ILogger logger, string path);
}
