namespace Serverless.Core.Submission;

/// <summary>A file as the citizen sent it: the name is kept only for display, never used to store it.</summary>
public sealed record UploadedFile(string FieldName, string OriginalName, byte[] Content);

/// <summary>What a citizen sent, whatever the format (JSON, url-encoded form, multipart form), before validation.</summary>
public sealed record RawSubmission(IReadOnlyDictionary<string, string> Fields, IReadOnlyList<UploadedFile> Files)
{
    /// <summary>Fields sent more than once (checkboxes, JSON arrays): valid only for fields that take several values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Repeated { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Values of a shape no field takes (a JSON object that is not a file, say); reported as errors.</summary>
    public IReadOnlyList<string> MalformedFields { get; init; } = [];

    public IEnumerable<string> Names => Fields.Keys.Concat(Repeated.Keys).Concat(MalformedFields);
}
