using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Serverless.Core.Procedures;

/// <summary>
/// Everything that decides how an application of a procedure is handled — the procedure's definition, its commune's
/// definition (reviewers' roles, sender, identity) and the commune's logo — as one JSON document named by the SHA-256
/// of its bytes. The same definition always gives the same version; any edit gives a new one.
/// </summary>
public sealed record ProcedureSnapshot(string ProcedureId, string Version, string Json)
{
    public static ProcedureSnapshot Of(string procedureId, JsonNode procedure, JsonNode commune, byte[]? logo)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(commune);
        var document = new JsonObject
        {
            ["procedure"] = procedure.DeepClone(),
            ["commune"] = commune.DeepClone(),
            ["logo"] = logo is null ? null : Convert.ToBase64String(logo),
        };
        var json = document.ToJsonString();
        return new ProcedureSnapshot(procedureId, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))), json);
    }

    /// <summary>Where the snapshot is kept in the catalogue-versions container.</summary>
    public string BlobName => BlobNameOf(ProcedureId, Version);

    public static string BlobNameOf(string procedureId, string version) => $"{procedureId}/{version}.json";
}
