using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Serverless.Core.Transparency;

/// <summary>A checkpoint (C2SP tlog-checkpoint): the log's origin, its size and its root.</summary>
public sealed record Checkpoint(string Origin, long Size, byte[] Root)
{
    /// <summary>The note text: three lines, each ending with a newline.</summary>
    public string Text() => $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(Root)}\n";
}

/// <summary>
/// Ed25519 signed notes (C2SP signed-note): the text, a blank line, then "— {key name} base64(key ID ‖ signature)".
/// The key ID is the first four bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key); the verifier key is
/// published as "{name}+{key ID hex}+base64(0x01 ‖ public key)", the form Go's golang.org/x/mod/sumdb/note reads.
/// </summary>
public static class SignedNote
{
    private const byte Ed25519Type = 0x01;
    private static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    public static byte[] KeyId(string keyName, ReadOnlySpan<byte> publicKey)
    {
        var name = Encoding.UTF8.GetBytes(keyName);
        var buffer = new byte[name.Length + 2 + publicKey.Length];
        name.CopyTo(buffer, 0);
        buffer[name.Length] = 0x0A;
        buffer[name.Length + 1] = Ed25519Type;
        publicKey.CopyTo(buffer.AsSpan(name.Length + 2));
        return SHA256.HashData(buffer)[..4];
    }

    public static string VerifierKey(string keyName, ReadOnlySpan<byte> publicKey) =>
        $"{keyName}+{Convert.ToHexStringLower(KeyId(keyName, publicKey))}+{Convert.ToBase64String([Ed25519Type, .. publicKey])}";

    public static string Sign(Checkpoint checkpoint, Key key)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(key);
        var text = checkpoint.Text();
        var signature = Algorithm.Sign(key, Encoding.UTF8.GetBytes(text));
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var blob = new byte[4 + signature.Length];
        KeyId(checkpoint.Origin, publicKey).CopyTo(blob, 0);
        signature.CopyTo(blob, 4);
        return $"{text}\n\u2014 {checkpoint.Origin} {Convert.ToBase64String(blob)}\n";
    }

    /// <summary>The checkpoint of a note signed by the key <paramref name="verifierKey"/> describes, or the reason it is refused.</summary>
    public static (Checkpoint? Checkpoint, string? Problem) Open(string note, string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(verifierKey);
        var parts = verifierKey.Split('+', 3);
        if (parts.Length != 3)
        {
            return (null, "the verifier key is not name+keyid+key");
        }

        var keyBytes = Convert.FromBase64String(parts[2]);
        if (keyBytes.Length != 33 || keyBytes[0] != Ed25519Type)
        {
            return (null, "the verifier key is not an Ed25519 key");
        }

        var publicKey = PublicKey.Import(Algorithm, keyBytes.AsSpan(1), KeyBlobFormat.RawPublicKey);
        var separator = note.IndexOf("\n\n", StringComparison.Ordinal);
        if (separator < 0)
        {
            return (null, "no blank line between the text and the signatures");
        }

        var text = note[..(separator + 1)];
        var keyId = KeyId(parts[0], keyBytes.AsSpan(1));
        foreach (var line in note[(separator + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var prefix = $"\u2014 {parts[0]} ";
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(line[prefix.Length..]);
            }
            catch (FormatException)
            {
                return (null, "a signature line is not base64");
            }

            if (blob.Length != 68 || !blob.AsSpan(0, 4).SequenceEqual(keyId))
            {
                continue;
            }

            if (!Algorithm.Verify(publicKey, Encoding.UTF8.GetBytes(text), blob.AsSpan(4)))
            {
                return (null, "the signature does not verify: the checkpoint was altered or signed by another key");
            }

            return Parse(text);
        }

        return (null, $"no signature by {parts[0]} (key ID {parts[1]})");
    }

    /// <summary>
    /// The checkpoint of a note signed by any of <paramref name="verifierKeys"/> (the published keys: a checkpoint signed
    /// before a rotation verifies with the older key), or the first key's reason for refusing it.
    /// </summary>
    public static (Checkpoint? Checkpoint, string? Problem) OpenWithAny(string note, IReadOnlyList<string> verifierKeys)
    {
        ArgumentNullException.ThrowIfNull(verifierKeys);
        string? firstProblem = null;
        foreach (var verifierKey in verifierKeys)
        {
            var (checkpoint, problem) = Open(note, verifierKey);
            if (checkpoint is not null)
            {
                return (checkpoint, null);
            }

            firstProblem ??= problem;
        }

        return (null, firstProblem ?? "no verifier key");
    }

    private static (Checkpoint?, string?) Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 4 || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return (null, "the note is not a checkpoint (origin, size, root)");
        }

        try
        {
            var root = Convert.FromBase64String(lines[2]);
            return root.Length == MerkleTree.HashSize ? (new Checkpoint(lines[0], size, root), null) : (null, "the checkpoint's root is not 32 bytes");
        }
        catch (FormatException)
        {
            return (null, "the checkpoint's root is not base64");
        }
    }
}
