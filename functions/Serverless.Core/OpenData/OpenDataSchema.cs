namespace Serverless.Core.OpenData;

/// <summary>The Table Schema of the published CSV (docs/open-data/schema.json, embedded so the served copy is the versioned one).</summary>
public static class OpenDataSchema
{
    public const string FileName = "schema.json";

    public static string Json { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(OpenDataSchema).Assembly.GetManifestResourceStream("Docs.open-data-schema.json")
            ?? throw new InvalidOperationException("docs/open-data/schema.json is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
