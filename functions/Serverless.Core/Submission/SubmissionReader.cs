using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Serverless.Core.Edge;

namespace Serverless.Core.Submission;

/// <summary>
/// Reads a submission from JSON, url-encoded or multipart bodies into one shape, so that validation is the same
/// for a script, a widget and a plain HTML form. A body that is too large (measured while it streams in), malformed,
/// truncated or not UTF-8 is refused with a <see cref="RequestRefusedException"/> that says which.
/// </summary>
public static class SubmissionReader
{
    /// <summary>Larger than any legitimate submission (5 MB attachment, base64 in JSON, plus fields).</summary>
    public const long MaxBodyBytes = BodyLimits.SubmissionBytes;

    /// <summary>A submission is an object of values and files: deeper JSON is refused before it is walked.</summary>
    public const int MaxJsonDepth = 8;

    /// <summary>Fields plus files in one form: far above the largest procedure, far below what could exhaust memory.</summary>
    public const int MaxFormEntries = 256;

    private const char ReplacementCharacter = '\uFFFD';

    /// <summary>Fields that steer the request rather than carry data: they are not stored.</summary>
    public static readonly IReadOnlySet<string> ControlFields = new HashSet<string>(StringComparer.Ordinal) { "lang", FormGuard.HoneypotField, FormGuard.IssuedField, FormGuard.SubmissionKeyField };

    private static readonly FormOptions FormLimits = new()
    {
        MultipartBodyLengthLimit = MaxBodyBytes,
        BufferBodyLengthLimit = MaxBodyBytes,
        ValueCountLimit = MaxFormEntries,
        KeyLengthLimit = 200,
        // Four bytes per character at most: longer is refused by the framework while it reads, shorter but over the
        // limit in characters by the check after it.
        ValueLengthLimit = SubmissionLimits.MaxTextLength * 4,
        MultipartHeadersCountLimit = 16,
        MultipartHeadersLengthLimit = 16 * 1024,
    };

    /// <returns>The submission, or null when the content type is none of the three supported ones.</returns>
    public static async Task<RawSubmission?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBodyBytes)
        {
            throw RequestRefusedException.TooLarge(MaxBodyBytes);
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
        IFormCollection form;
        try
        {
            if (request.HttpContext.Features.Get<IFormFeature>() is not { Form: not null })
            {
                request.Body = new LimitedBodyStream(request.Body, MaxBodyBytes);
                request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, FormLimits));
            }

            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw RequestRefusedException.TooLarge(MaxBodyBytes);
        }
        catch (InvalidDataException exception) when (exception.Message.Contains("value length", StringComparison.OrdinalIgnoreCase))
        {
            throw RequestRefusedException.TooLong(string.Empty, SubmissionLimits.MaxTextLength);
        }
        catch (InvalidDataException exception)
        {
            throw exception.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? RequestRefusedException.TooManyParts(exception)
                : RequestRefusedException.MalformedMultipart(exception);
        }
        catch (IOException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw RequestRefusedException.MalformedMultipart(exception);
        }
        catch (BadHttpRequestException exception)
        {
            throw RequestRefusedException.MalformedMultipart(exception);
        }

        if (form.Any(pair => pair.Key.Contains(ReplacementCharacter, StringComparison.Ordinal) || pair.Value.Any(value => value?.Contains(ReplacementCharacter, StringComparison.Ordinal) == true)))
        {
            // The form decoders replace bytes that are not UTF-8 with U+FFFD: that is how an invalid body shows here.
            throw RequestRefusedException.InvalidUtf8();
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var repeated = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, values) in form)
        {
            if (values.Any(value => value?.Length > SubmissionLimits.MaxTextLength))
            {
                throw RequestRefusedException.TooLong(key, SubmissionLimits.MaxTextLength);
            }

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

            if (file.FileName.Length > SubmissionLimits.MaxFileNameLength)
            {
                throw RequestRefusedException.TooLong(file.Name, SubmissionLimits.MaxFileNameLength);
            }

            if (file.Length > MaxBodyBytes)
            {
                throw RequestRefusedException.TooLarge(MaxBodyBytes);
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
        // Sized from Content-Length when there is one (already checked against the limit): no regrowth, no copy.
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 0);
        await new LimitedBodyStream(request.Body, MaxBodyBytes).CopyToAsync(buffer, cancellationToken);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!Utf8.IsValid(bytes))
        {
            throw RequestRefusedException.InvalidUtf8();
        }

        return JsonSubmissionReader.Read(bytes);
    }
}
