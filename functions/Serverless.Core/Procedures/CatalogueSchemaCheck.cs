using System.Text.Json;
using Json.Schema;

namespace Serverless.Core.Procedures;

/// <summary>One catalogue file read and checked against its published JSON Schema, each problem named by file and JSON path.</summary>
internal static class CatalogueSchemaCheck
{
    internal static T? Read<T>(string file, JsonSchema schema, List<string> problems)
        where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            problems.Add($"{file}: line {exception.LineNumber + 1}: not valid JSON ({exception.Message.Split('.')[0]}).");
            return null;
        }

        using (document)
        {
            var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!result.IsValid)
            {
                var details = result.Details ?? [];
                // A failed "if", or a failed branch of an anyOf that another branch satisfied, is no problem: keep the
                // errors whose every enclosing schema failed too.
                var passed = details.Where(detail => detail.IsValid).Select(detail => $"{detail.EvaluationPath} {detail.InstanceLocation}").ToHashSet(StringComparer.Ordinal);
                bool EnclosedByAPass(EvaluationResults detail) =>
                    Enclosing(detail.EvaluationPath.ToString()).Any(schema =>
                        Enclosing(detail.InstanceLocation.ToString()).Append(detail.InstanceLocation.ToString()).Append(string.Empty).Any(instance => passed.Contains($"{schema} {instance}")));
                var messages = details
                    .Where(detail => detail.Errors is { Count: > 0 } && !EnclosedByAPass(detail))
                    .SelectMany(detail => detail.Errors!.Select(error => $"{file}: {JsonPath(detail.InstanceLocation.ToString())}: {error.Value}"))
                    .Distinct()
                    .ToList();
                problems.AddRange(messages.Count > 0 ? messages : [$"{file}: $: does not match the schema."]);
                return null;
            }

            return document.RootElement.Deserialize<T>(CatalogueJson.Options);
        }
    }

    /// <summary>"/a/b/c" → "/a/b", "/a": the schema locations that enclose an evaluation path.</summary>
    private static IEnumerable<string> Enclosing(string path)
    {
        for (var end = path.LastIndexOf('/'); end > 0; end = path.LastIndexOf('/', end - 1))
        {
            yield return path[..end];
        }
    }

    /// <summary>"/fields/3/maxLength" → "$.fields[3].maxLength": the way people read JSON paths.</summary>
    private static string JsonPath(string pointer) =>
        "$" + string.Concat(pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(part => int.TryParse(part, out _) ? $"[{part}]" : "." + part));

    internal static JsonSchema Schema(string name)
    {
        using var stream = typeof(CatalogueLoader).Assembly.GetManifestResourceStream($"Schemas.{name}")
            ?? throw new InvalidOperationException($"The schema {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd());
    }
}
