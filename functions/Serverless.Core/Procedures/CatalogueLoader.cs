using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Serverless.Core.Procedures;

/// <summary>Why the catalogue was refused: every problem, each naming the file, the JSON path and what is wrong.</summary>
public sealed class CatalogueException(IReadOnlyList<string> problems)
    : Exception("The procedure catalogue is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(problem => "  - " + problem)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Loads the catalogue folder (<c>communes/*.json</c>, <c>procedures/*.json</c>): each file is checked against the
/// published JSON Schema, then for cross-references (fields named by rules, conditions, the certificate; the commune
/// and its roles). Nothing is loaded unless everything is valid, so a bad edit is refused at start-up, not mid-way.
/// </summary>
public static class CatalogueLoader
{
    private static readonly Lazy<JsonSchema> ProcedureSchema = new(() => CatalogueSchemaCheck.Schema("procedure.schema.json"));
    private static readonly Lazy<JsonSchema> CommuneSchema = new(() => CatalogueSchemaCheck.Schema("commune.schema.json"));

    /// <summary>The catalogue shipped next to the app (copied from <c>functions/catalogue</c>).</summary>
    public static string BundledPath => Path.Combine(AppContext.BaseDirectory, "catalogue");

    public static ProcedureCatalog Load(string folder)
    {
        var problems = new List<string>();
        if (!Directory.Exists(folder))
        {
            throw new CatalogueException([$"{folder}: the catalogue folder does not exist."]);
        }

        var communes = new Dictionary<string, CommuneDefinition>(StringComparer.Ordinal);
        var communeSources = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var file in Files(folder, "communes"))
        {
            if (CatalogueSchemaCheck.Read<CommuneJson>(file, CommuneSchema.Value, problems) is { } json)
            {
                var commune = CatalogueChecks.ToCommune(folder, file, json, problems);
                communeSources.TryAdd(commune.Id, Source(file));
                if (!communes.TryAdd(commune.Id, commune))
                {
                    problems.Add($"{file}: $.id: the commune id '{commune.Id}' is already used by another file.");
                }
            }
        }

        var procedures = new List<ProcedureDefinition>();
        var snapshots = new List<ProcedureSnapshot>();
        foreach (var file in Files(folder, "procedures"))
        {
            if (CatalogueSchemaCheck.Read<ProcedureJson>(file, ProcedureSchema.Value, problems) is not { } json)
            {
                continue;
            }

            var before = problems.Count;
            CatalogueChecks.CheckReferences(file, json, communes, problems);
            if (problems.Count == before)
            {
                var procedure = CatalogueMapping.ToProcedure(json);
                if (procedures.Any(existing => existing.Id == procedure.Id))
                {
                    problems.Add($"{file}: $.id: the procedure id '{procedure.Id}' is already used by another file.");
                }

                procedures.Add(procedure);
                snapshots.Add(ProcedureSnapshot.Of(procedure.Id, Source(file), communeSources[procedure.CommuneId], communes[procedure.CommuneId].Logo));
            }
        }

        if (procedures.Count == 0 && problems.Count == 0)
        {
            problems.Add($"{Path.Combine(folder, "procedures")}: no procedure definition found.");
        }

        return problems.Count > 0 ? throw new CatalogueException(problems) : new ProcedureCatalog(procedures, communes.Values) { Snapshots = snapshots };
    }

    /// <summary>
    /// A procedure and its commune as they were published (see <see cref="ProcedureSnapshot"/>). The snapshot was
    /// checked when it was published, so it is read without the catalogue folder or the cross-reference checks.
    /// </summary>
    public static (ProcedureDefinition Procedure, CommuneDefinition Commune) FromSnapshot(string snapshotJson)
    {
        var root = JsonNode.Parse(snapshotJson) ?? throw new CatalogueException(["snapshot: empty"]);
        var procedure = root["procedure"].Deserialize<ProcedureJson>(CatalogueJson.Options) ?? throw new CatalogueException(["snapshot: no procedure"]);
        var commune = root["commune"].Deserialize<CommuneJson>(CatalogueJson.Options) ?? throw new CatalogueException(["snapshot: no commune"]);
        var logo = root["logo"]?.GetValue<string>() is { Length: > 0 } encoded ? Convert.FromBase64String(encoded) : null;
        return (CatalogueMapping.ToProcedure(procedure), CatalogueMapping.ToCommune(commune, logo));
    }

    /// <summary>The file as a JSON tree without comments, as it is kept in a snapshot.</summary>
    private static JsonNode Source(string file) =>
        JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;

    private static IEnumerable<string> Files(string folder, string kind)
    {
        var directory = Path.Combine(folder, kind);
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal) : [];
    }
}
