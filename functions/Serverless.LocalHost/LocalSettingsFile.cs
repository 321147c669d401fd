using System.Text.Json;

namespace Serverless.LocalHost;

/// <summary>
/// Reads the <c>Values</c> of a Functions <c>local.settings.json</c> (and <c>Host.CORS</c>), so that the local host and
/// <c>func start</c> are configured by the same file. <c>A__B</c> becomes the configuration key <c>A:B</c>.
/// </summary>
public static class LocalSettingsFile
{
    public static IReadOnlyDictionary<string, string?> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section))
        {
            foreach (var property in section.EnumerateObject())
            {
                values[property.Name.Replace("__", ":", StringComparison.Ordinal)] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : property.Value.GetRawText();
            }
        }

        return values;
    }

    /// <summary>The file given with <c>--settings</c>, else the Functions project's, if it exists.</summary>
    public static string? Locate(string[] args, string contentRoot)
    {
        var index = Array.IndexOf(args, "--settings");
        if (index >= 0 && index + 1 < args.Length)
        {
            return Path.GetFullPath(args[index + 1]);
        }

        var beside = Path.GetFullPath(Path.Combine(contentRoot, "..", "Serverless.Functions", "local.settings.json"));
        return File.Exists(beside) ? beside : null;
    }
}
