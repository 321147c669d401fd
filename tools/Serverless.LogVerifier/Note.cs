using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace Serverless.LogVerifier;

/// <summary>A checkpoint whose signature verified: origin, size, root.</summary>
public sealed record VerifiedCheckpoint(string Origin, long Size, byte[] Root);

/// <summary>C2SP signed-note verification with an Ed25519 verifier key "name+keyid+base64(0x01 ‖ key)".</summary>
public static class Note
{
    /// <summary>
    /// The checkpoint of <paramref name="note"/> if a signature by one of the verifier keys (one per line, as the app's
    /// <c>/key</c> publishes them after a rotation: the active key first, then the older ones) verifies.
    /// </summary>
    public static (VerifiedCheckpoint? Checkpoint, string? Problem) Verify(string note, string verifierKeys)
    {
        ArgumentNullException.ThrowIfNull(verifierKeys);
        var keys = verifierKeys.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (keys.Length <= 1)
        {
            return VerifyOne(note, keys.Length == 1 ? keys[0] : string.Empty);
        }

        var problems = new List<string>();
        foreach (var key in keys)
        {
            var (checkpoint, problem) = VerifyOne(note, key);
            if (checkpoint is not null)
            {
                return (checkpoint, null);
            }

            problems.Add(problem!);
        }

        // A signature that names one of the keys but does not verify says more than "not signed by the others".
        return (null, problems.FirstOrDefault(problem => !problem.StartsWith("no signature by", StringComparison.Ordinal))
            ?? $"no signature by any of the {keys.Length} verifier keys");
    }

    private static (VerifiedCheckpoint? Checkpoint, string? Problem) VerifyOne(string note, string verifierKey)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(verifierKey);
        var parts = verifierKey.Trim().Split('+', 3);
        if (parts.Length != 3)
        {
            return (null, "the verifier key is not name+keyid+key");
        }

        var key = Convert.FromBase64String(parts[2]);
        if (key.Length != 33 || key[0] != 0x01)
        {
            return (null, "the verifier key is not an Ed25519 key");
        }

        var keyId = SHA256.HashData([.. Encoding.UTF8.GetBytes(parts[0]), 0x0A, .. key])[..4];
        if (!Convert.ToHexStringLower(keyId).Equals(parts[1], StringComparison.Ordinal))
        {
            return (null, "the verifier key's ID does not match its name and key");
        }

        var split = note.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            return (null, "not a signed note (no blank line before the signatures)");
        }

        var text = note[..(split + 1)];
        var publicKey = PublicKey.Import(SignatureAlgorithm.Ed25519, key.AsSpan(1), KeyBlobFormat.RawPublicKey);
        foreach (var line in note[(split + 2)..].Split('\n', StringSplitOptions.RemoveEmptyEntries))
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
                continue;
            }

            if (blob.Length != 68 || !blob.AsSpan(0, 4).SequenceEqual(keyId))
            {
                continue;
            }

            if (!SignatureAlgorithm.Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes(text), blob.AsSpan(4)))
            {
                return (null, "the signature does not verify (the checkpoint was altered, or signed with another key)");
            }

            var lines = text.Split('\n');
            if (lines.Length < 4 || !long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return (null, "the signed text is not a checkpoint");
            }

            return lines[0] != parts[0]
                ? (null, $"the checkpoint's origin {lines[0]} is not the key's name {parts[0]}")
                : (new VerifiedCheckpoint(lines[0], size, Convert.FromBase64String(lines[2])), null);
        }

        return (null, $"no signature by {parts[0]}");
    }
}
