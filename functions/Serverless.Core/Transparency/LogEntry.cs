using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Serverless.Core.Transparency;

/// <summary>
/// One leaf of a commune's log: an audit entry without personal data. Who acted and the free-text detail are only in
/// the commitment, SHA-256(salt ‖ canonical JSON {actor, detail}), the salt staying in the private audit row: the
/// public log reveals nothing about a person, and erasing the audit row's personal data later leaves every proof valid.
/// </summary>
public sealed record LogEntry(string Commune, string Reference, string Step, string Action, DateTimeOffset At, string Commitment)
{
    public const int Version = 1;

    /// <summary>
    /// The leaf's bytes: JSON with the keys in ordinal order, no whitespace, the time as UTC with 7 fraction digits.
    /// Written by hand so that no serializer setting can change a byte of an already published leaf.
    /// </summary>
    public byte[] CanonicalJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("action", Action);
            writer.WriteString("at", FormatTime(At));
            writer.WriteString("commitment", Commitment);
            writer.WriteString("commune", Commune);
            writer.WriteString("reference", Reference);
            writer.WriteString("step", Step);
            writer.WriteNumber("v", Version);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    public byte[] LeafHash() => MerkleTree.LeafHash(CanonicalJson());

    public static string FormatTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads a leaf back (the verifier does the same on its own).</summary>
    public static LogEntry Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new LogEntry(
            root.GetProperty("commune").GetString()!,
            root.GetProperty("reference").GetString()!,
            root.GetProperty("step").GetString()!,
            root.GetProperty("action").GetString()!,
            DateTimeOffset.Parse(root.GetProperty("at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            root.GetProperty("commitment").GetString()!);
    }

    /// <summary>The commitment to who acted and the detail: hex SHA-256(salt ‖ {"actor":…,"detail":…}).</summary>
    public static string Commit(ReadOnlySpan<byte> salt, string actor, string detail)
    {
        using var stream = new MemoryStream();
        stream.Write(salt);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("actor", actor);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(16);

    public string CanonicalText() => Encoding.UTF8.GetString(CanonicalJson());
}
