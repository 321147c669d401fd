using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Serverless.Core.Transparency;

/// <summary>
/// One leaf of a commune's log, described by everything it commits to (the private side: reference, step, action,
/// exact time, the commitment to who acted and the detail). What the leaf publishes depends on its version:
/// <list type="bullet">
/// <item>v1 (published before issue 23, kept byte for byte): reference, step, action and the 100-ns time in clear.</item>
/// <item>v2 (every new entry): the commune, the UTC day, the actor/detail commitment and a <c>subject</c> commitment,
/// hex SHA-256(subject salt ‖ canonical JSON {action, at, reference, step}) with a random 16-byte salt kept in the
/// private audit row. The reference's prefix names the procedure, the action and the time could be matched with the
/// open data, and some step names carry unsalted fingerprints of addresses: none of them may be read or guessed from a
/// leaf, so all of them are behind a salt nobody outside can test guesses against.</item>
/// </list>
/// Who acted and the free-text detail are in <see cref="Commitment"/>, SHA-256(salt ‖ {actor, detail}); that salt is
/// erased with the personal data, the subject salt is not (it opens no personal data), so an erased application's
/// leaves still prove its steps, actions and times.
/// </summary>
public sealed record LogEntry(string Commune, string Reference, string Step, string Action, DateTimeOffset At, string Commitment)
{
    public const int Version1 = 1;
    public const int Version2 = 2;

    /// <summary>The v2 subject salt; null: a v1 leaf.</summary>
    public byte[]? SubjectSalt { get; init; }

    public int Version => SubjectSalt is null ? Version1 : Version2;

    /// <summary>A v2 entry (what every new audit entry becomes).</summary>
    public static LogEntry V2(string commune, string reference, string step, string action, DateTimeOffset at, string commitment, byte[] subjectSalt) =>
        new(commune, reference, step, action, at, commitment) { SubjectSalt = subjectSalt };

    /// <summary>
    /// The leaf's bytes: JSON with the keys in ordinal order, no whitespace. Written by hand so that no serializer
    /// setting can change a byte of an already published leaf.
    /// </summary>
    public byte[] CanonicalJson()
    {
        using var stream = new MemoryStream();
        using (var writer = NewWriter(stream))
        {
            writer.WriteStartObject();
            if (SubjectSalt is { } subjectSalt)
            {
                writer.WriteString("at", FormatDay(At));
                writer.WriteString("commitment", Commitment);
                writer.WriteString("commune", Commune);
                writer.WriteString("subject", Subject(subjectSalt, Action, At, Reference, Step));
                writer.WriteNumber("v", Version2);
            }
            else
            {
                writer.WriteString("action", Action);
                writer.WriteString("at", FormatTime(At));
                writer.WriteString("commitment", Commitment);
                writer.WriteString("commune", Commune);
                writer.WriteString("reference", Reference);
                writer.WriteString("step", Step);
                writer.WriteNumber("v", Version1);
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    public byte[] LeafHash() => MerkleTree.LeafHash(CanonicalJson());

    /// <summary>The exact time as the audit row and the v1 leaf and the v2 subject state it: UTC, 7 fraction digits.</summary>
    public static string FormatTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The v2 public time: the UTC day. The order of entries is the leaf index, and the daily RFC 3161 timestamp is
    /// the finest time a third party can hold the log to, so a finer public time would only tell neighbours when.
    /// </summary>
    public static string FormatDay(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Reads a v1 leaf back (the verifier does the same on its own). A v2 leaf has no reference to read.</summary>
    public static LogEntry Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.GetProperty("v").GetInt32() != Version1)
        {
            throw new FormatException("Only a v1 leaf states its reference, step and action; a v2 leaf is opened with its audit row.");
        }

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
        using (var writer = NewWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("actor", actor);
            writer.WriteString("detail", detail);
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    /// <summary>
    /// The v2 subject: hex SHA-256(salt ‖ {"action":…,"at":…,"reference":…,"step":…}), the time exact. With a random
    /// 128-bit salt, a reference (a procedure prefix, a year and 6 random characters: a small space) cannot be
    /// confirmed by trying guesses; whoever is given the salt (the commune's auditor through the audit row, a
    /// certificate's holder through /api/verify) opens it.
    /// </summary>
    public static string Subject(ReadOnlySpan<byte> salt, string action, DateTimeOffset at, string reference, string step)
    {
        using var stream = new MemoryStream();
        stream.Write(salt);
        using (var writer = NewWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("action", action);
            writer.WriteString("at", FormatTime(at));
            writer.WriteString("reference", reference);
            writer.WriteString("step", step);
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(stream.ToArray()));
    }

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(16);

    public string CanonicalText() => Encoding.UTF8.GetString(CanonicalJson());

    private static Utf8JsonWriter NewWriter(Stream stream) =>
        new(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

/// <summary>
/// What opens a v2 leaf's subject, except the reference (the one who checks brings it): the step, the action, the
/// exact time (as <see cref="LogEntry.FormatTime"/> writes it) and the base64 subject salt.
/// </summary>
public sealed record LeafOpening(string Step, string Action, string At, string Salt)
{
    /// <summary>True when this opening and <paramref name="reference"/> give exactly <paramref name="subject"/>.</summary>
    public bool Opens(string subject, string reference) =>
        DateTimeOffset.TryParse(At, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
        && LogEntry.FormatTime(at) == At
        && string.Equals(LogEntry.Subject(Convert.FromBase64String(Salt), Action, at, reference, Step), subject, StringComparison.Ordinal);
}
