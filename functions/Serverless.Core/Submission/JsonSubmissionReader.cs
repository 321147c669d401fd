using System.Text;
using System.Text.Json;
using Serverless.Core.Edge;

namespace Serverless.Core.Submission;

/// <summary>
/// Reads a JSON submission token by token (<see cref="Utf8JsonReader"/>, no document tree), counting fields, members,
/// depth and lengths as it goes: the first bound crossed refuses the body at once, so a body of 200,000 keys costs the
/// reading of 257 of them. JSON: an object of string values; a file is an object
/// <c>{ "fileName": "...", "contentBase64": "..." }</c> (or an array of them).
/// </summary>
public static class JsonSubmissionReader
{
    public static RawSubmission Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = SubmissionReader.MaxJsonDepth });
        var state = new State();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw RequestRefusedException.JsonNotObject();
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = PropertyName(ref reader, state, topLevel: true);
                reader.Read();
                ReadField(ref reader, name, state);
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw RequestRefusedException.MalformedJson(string.Empty);
            }
        }
        catch (JsonException exception) when (exception.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase))
        {
            throw RequestRefusedException.TooDeep(SubmissionReader.MaxJsonDepth, exception);
        }
        catch (JsonException exception)
        {
            throw RequestRefusedException.MalformedJson(Where(exception), exception);
        }
        catch (InvalidOperationException exception)
        {
            // A string the reader accepted but cannot turn into text: an escaped lone surrogate (\ud800).
            throw RequestRefusedException.MalformedJson(string.Empty, exception);
        }

        return new RawSubmission(state.Fields, state.Files) { Repeated = state.Repeated, MalformedFields = state.Malformed };
    }

    private static void ReadField(ref Utf8JsonReader reader, string name, State state)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                state.Fields[name] = Text(ref reader, name);
                break;
            case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False:
                state.Fields[name] = Encoding.UTF8.GetString(reader.ValueSpan);
                break;
            case JsonTokenType.Null:
                break;
            case JsonTokenType.StartObject:
                if (ReadFile(ref reader, name, state) is { } file)
                {
                    state.Files.Add(file);
                }
                else
                {
                    state.Malformed.Add(name);
                }

                break;
            case JsonTokenType.StartArray:
                ReadArray(ref reader, name, state);
                break;
            default:
                throw RequestRefusedException.MalformedJson(string.Empty);
        }
    }

    /// <summary>All strings: several values; all files: several files; anything else: one malformed field.</summary>
    private static void ReadArray(ref Utf8JsonReader reader, string name, State state)
    {
        var texts = new List<string>();
        var files = new List<UploadedFile>();
        var malformed = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            state.CountMember();
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    texts.Add(Text(ref reader, name));
                    break;
                case JsonTokenType.StartObject when ReadFile(ref reader, name, state) is { } file:
                    files.Add(file);
                    break;
                default:
                    malformed = true;
                    Skip(ref reader, state);
                    break;
            }
        }

        if (!malformed && files.Count == 0)
        {
            state.Repeated[name] = texts;
        }
        else if (!malformed && texts.Count == 0)
        {
            state.Files.AddRange(files);
        }
        else
        {
            state.Malformed.Add(name);
        }
    }

    /// <summary>At a StartObject: the file it describes, or null (the object is read to its end either way).</summary>
    private static UploadedFile? ReadFile(ref Utf8JsonReader reader, string fieldName, State state)
    {
        string? fileName = null;
        byte[]? content = null;
        var valid = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = PropertyName(ref reader, state, topLevel: false);
            if (!seen.Add(property))
            {
                throw RequestRefusedException.DuplicateKey();
            }

            reader.Read();
            switch (property)
            {
                case "fileName" when reader.TokenType == JsonTokenType.String:
                    fileName = reader.GetString();
                    if (fileName!.Length > SubmissionLimits.MaxFileNameLength)
                    {
                        throw RequestRefusedException.TooLong(fieldName, SubmissionLimits.MaxFileNameLength);
                    }

                    break;
                case "contentBase64" when reader.TokenType == JsonTokenType.String:
                    content = Base64Content(ref reader);
                    valid &= content is not null;
                    break;
                default:
                    valid = false;
                    Skip(ref reader, state);
                    break;
            }
        }

        if (!valid || content is null)
        {
            return null;
        }

        return new UploadedFile(fieldName, fileName ?? string.Empty, content);
    }

    /// <summary>
    /// The file's bytes, decoded straight from the body's UTF-8 (no 16 MB string for an 8 MB body); null when the value
    /// is not base64. Escaped JSON (a "\/" from some encoders) takes the slower way through a string.
    /// </summary>
    private static byte[]? Base64Content(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length % 4 == 0)
        {
            var encoded = reader.ValueSpan;
            var padding = encoded.Length >= 2 && encoded[^1] == '=' ? (encoded[^2] == '=' ? 2 : 1) : 0;
            var decoded = new byte[Math.Max(0, (encoded.Length / 4 * 3) - padding)];
            if (System.Buffers.Text.Base64.DecodeFromUtf8(encoded, decoded, out _, out var written) == System.Buffers.OperationStatus.Done && written == decoded.Length)
            {
                return decoded;
            }
        }

        // Escaped, or not plain base64 (line breaks, as some encoders wrap it): decoded as before, through a string.
        var text = reader.GetString()!;
        var buffer = new byte[text.Length * 3 / 4];
        return Convert.TryFromBase64String(text, buffer, out var length) ? buffer[..length] : null;
    }

    /// <summary>Skips a value the submission has no use for, still counting its members against the bounds.</summary>
    private static void Skip(ref Utf8JsonReader reader, State state)
    {
        if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
        {
            return;
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                state.CountMember();
            }
        }
    }

    private static string PropertyName(ref Utf8JsonReader reader, State state, bool topLevel)
    {
        state.CountMember();
        if (reader.ValueSpan.Length > SubmissionLimits.MaxNameLength * 6)
        {
            throw RequestRefusedException.NameTooLong(SubmissionLimits.MaxNameLength);
        }

        var name = reader.GetString()!;
        if (name.Length > SubmissionLimits.MaxNameLength)
        {
            throw RequestRefusedException.NameTooLong(SubmissionLimits.MaxNameLength);
        }

        if (topLevel)
        {
            if (++state.TopLevel > SubmissionLimits.MaxFields)
            {
                throw RequestRefusedException.TooManyFields(SubmissionLimits.MaxFields);
            }

            if (!state.Names.Add(name))
            {
                throw RequestRefusedException.DuplicateKey();
            }
        }

        return name;
    }

    /// <summary>A text value, refused when it is longer than any field takes, before it is turned into a string.</summary>
    private static string Text(ref Utf8JsonReader reader, string field)
    {
        // An escaped character is at most 6 bytes of JSON; a character at most 3 bytes of UTF-8 (4 for a pair of 2).
        var bound = reader.ValueIsEscaped ? SubmissionLimits.MaxTextLength * 6 : SubmissionLimits.MaxTextLength * 3;
        if (reader.ValueSpan.Length > bound)
        {
            throw RequestRefusedException.TooLong(field, SubmissionLimits.MaxTextLength);
        }

        var text = reader.GetString()!;
        return text.Length > SubmissionLimits.MaxTextLength ? throw RequestRefusedException.TooLong(field, SubmissionLimits.MaxTextLength) : text;
    }

    private static string Where(JsonException exception) =>
        exception.LineNumber is { } line && exception.BytePositionInLine is { } position
            ? FormattableString.Invariant($" (ligne / line {line + 1}, octet / byte {position + 1})")
            : string.Empty;

    private sealed class State
    {
        public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, IReadOnlyList<string>> Repeated { get; } = new(StringComparer.Ordinal);

        public List<UploadedFile> Files { get; } = [];

        public List<string> Malformed { get; } = [];

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public int TopLevel { get; set; }

        private int members;

        public void CountMember()
        {
            if (++members > SubmissionLimits.MaxJsonMembers)
            {
                throw RequestRefusedException.TooManyFields(SubmissionLimits.MaxJsonMembers);
            }
        }
    }
}
