using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Serverless.Core.Applications;

/// <summary>
/// Reads a submission from JSON, url-encoded or multipart bodies into one shape, so that validation is the same
/// for a script, a widget and a plain HTML form.
/// </summary>
public static class SubmissionReader
{
    /// <summary>Larger than any legitimate submission (5 MB attachment, base64 in JSON, plus fields).</summary>
    public const long MaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>Fields that steer the request rather than carry data: they are not stored.</summary>
    public static readonly IReadOnlySet<string> ControlFields = new HashSet<string>(StringComparer.Ordinal) { "lang" };

    public static async Task<RawSubmission?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBodyBytes)
        {
            throw new BodyTooLargeException();
        }

        if (request.HasJsonContentType())
        {
            return await ReadJsonAsync(request, cancellationToken);
        }

        if (request.HasFormContentType)
        {
            return await ReadFormAsync(request, cancellationToken);
        }

        return null;
    }

    private static async Task<RawSubmission?> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var repeated = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            if (values.Count > 1)
            {
                repeated[key] = [.. values.Select(value => value ?? string.Empty)];
                continue;
            }

            fields[key] = values.ToString();
        }

        var files = new List<UploadedFile>();
        foreach (var file in form.Files)
        {
            // Browsers send an empty part for a file input left empty: that is "no file", not an empty file.
            if (file.Length == 0 && string.IsNullOrEmpty(file.FileName))
            {
                continue;
            }

            if (file.Length > MaxBodyBytes)
            {
                throw new BodyTooLargeException();
            }

            using var buffer = new MemoryStream((int)file.Length);
            await file.CopyToAsync(buffer, cancellationToken);
            files.Add(new UploadedFile(file.Name, file.FileName, buffer.ToArray()));
        }

        return new RawSubmission(fields, files) { Repeated = repeated };
    }

    /// <summary>
    /// JSON: an object of string values; a file is an object <c>{ "fileName": "...", "contentBase64": "..." }</c>
    /// (or an array of them).
    /// </summary>
    private static async Task<RawSubmission?> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            var repeated = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            var files = new List<UploadedFile>();
            var malformed = new List<string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Value.ValueKind)
                {
                    case JsonValueKind.String:
                        fields[property.Name] = property.Value.GetString()!;
                        break;
                    case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                        fields[property.Name] = property.Value.GetRawText();
                        break;
                    case JsonValueKind.Null:
                        break;
                    case JsonValueKind.Object when TryReadJsonFile(property.Name, property.Value, out var file):
                        files.Add(file);
                        break;
                    case JsonValueKind.Array when property.Value.EnumerateArray().All(item => item.ValueKind == JsonValueKind.String):
                        repeated[property.Name] = [.. property.Value.EnumerateArray().Select(item => item.GetString()!)];
                        break;
                    case JsonValueKind.Array when property.Value.EnumerateArray().All(item => TryReadJsonFile(property.Name, item, out _)):
                        files.AddRange(property.Value.EnumerateArray().Select(item => ReadJsonFile(property.Name, item)));
                        break;
                    default:
                        malformed.Add(property.Name);
                        break;
                }
            }

            return new RawSubmission(fields, files) { Repeated = repeated, MalformedFields = malformed };
        }
    }

    private static UploadedFile ReadJsonFile(string fieldName, JsonElement element) =>
        TryReadJsonFile(fieldName, element, out var file) ? file : throw new InvalidOperationException("Checked before.");

    private static bool TryReadJsonFile(string fieldName, JsonElement element, out UploadedFile file)
    {
        file = null!;
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("contentBase64", out var content)
            || content.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        var name = element.TryGetProperty("fileName", out var nameElement) && nameElement.ValueKind == JsonValueKind.String
            ? nameElement.GetString() ?? string.Empty
            : string.Empty;
        try
        {
            file = new UploadedFile(fieldName, name, Convert.FromBase64String(content.GetString()!));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

public sealed class BodyTooLargeException : Exception
{
    public BodyTooLargeException()
        : base("The request body is larger than a submission may be.")
    {
    }
}
