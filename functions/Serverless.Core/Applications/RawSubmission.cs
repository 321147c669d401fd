namespace Serverless.Core.Applications;

/// <summary>A file as the citizen sent it: the name is kept only for display, never used to store it.</summary>
public sealed record UploadedFile(string FieldName, string OriginalName, byte[] Content);

/// <summary>What a citizen sent, whatever the format (JSON, url-encoded form, multipart form), before validation.</summary>
public sealed record RawSubmission(IReadOnlyDictionary<string, string> Fields, IReadOnlyList<UploadedFile> Files)
{
    /// <summary>A field sent more than once (or a JSON value that is not a string); reported as an error.</summary>
    public IReadOnlyList<string> MalformedFields { get; init; } = [];
}
