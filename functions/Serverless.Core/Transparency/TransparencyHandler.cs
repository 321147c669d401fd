using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Procedures;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Transparency;

/// <summary>
/// The public side of each commune's log: the latest signed checkpoint, the verifier key, the entries (no personal
/// data), and inclusion and consistency proofs. Everything a third party needs to check the log offline.
/// </summary>
public sealed class TransparencyHandler(TransparencyLog log, LogSigningKey key, ProcedureCatalog catalog)
{
    public const int MaxEntriesPerPage = 1000;

    public async Task<IActionResult> CheckpointAsync(HttpRequest request, string communeId, CancellationToken cancellationToken)
    {
        if (Unknown(request, communeId) is { } refusal)
        {
            return refusal;
        }

        return await log.LatestCheckpointAsync(communeId, cancellationToken) is { } checkpoint
            ? new TextBodyResult(200, "text/plain; charset=utf-8", checkpoint.Note).WithHeader("Cache-Control", "no-cache")
            : NotFound(request, new Text("Le journal de cette commune n'a pas encore de point de contrôle signé.", "This commune's log has no signed checkpoint yet."));
    }

    /// <summary>
    /// The verifier key of every listed signing key, one per line, the active one (which signs new checkpoints) first:
    /// checkpoints signed before a rotation keep verifying with the key that signed them.
    /// </summary>
    public IActionResult Key(HttpRequest request, string communeId) =>
        Unknown(request, communeId) ?? new TextBodyResult(200, "text/plain; charset=utf-8", string.Concat(key.VerifierKeys(log.Origin(communeId)).Select(line => line + "\n")));

    public async Task<IActionResult> EntriesAsync(HttpRequest request, string communeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Unknown(request, communeId) is { } refusal)
        {
            return refusal;
        }

        var head = await log.ReadHeadAsync(communeId, cancellationToken);
        var start = Number(request, "start") ?? 0;
        var end = Math.Min(Number(request, "end") ?? head.Size, Math.Min(head.Size, start + MaxEntriesPerPage));
        if (start < 0 || start > end)
        {
            return BadRequest(request, new Text("Il faut 0 ≤ start ≤ end.", "0 ≤ start ≤ end is required."));
        }

        var leaves = await log.ReadLeavesAsync(communeId, start, end, cancellationToken);
        return Results.JsonBody(200, new { size = head.Size, start, entries = leaves.Select(leaf => new { index = leaf.Index, entry = leaf.Entry }) });
    }

    public async Task<IActionResult> InclusionAsync(HttpRequest request, string communeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Unknown(request, communeId) is { } refusal)
        {
            return refusal;
        }

        var index = Number(request, "index");
        var size = Number(request, "size");
        var head = await log.ReadHeadAsync(communeId, cancellationToken);
        if (index is null || size is null || index < 0 || index >= size || size > head.Size)
        {
            return BadRequest(request, new Text("Il faut 0 ≤ index < size ≤ taille du journal.", "0 ≤ index < size ≤ the log's size is required."));
        }

        var hashes = await log.LeafHashesAsync(communeId, size.Value, cancellationToken);
        var proof = MerkleTree.InclusionProof(hashes, (int)index.Value, (int)size.Value);
        return Results.JsonBody(200, new InclusionProofView(index.Value, size.Value, Convert.ToBase64String(hashes[(int)index.Value]), [.. proof.Select(Convert.ToBase64String)]));
    }

    public async Task<IActionResult> ConsistencyAsync(HttpRequest request, string communeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Unknown(request, communeId) is { } refusal)
        {
            return refusal;
        }

        var first = Number(request, "first");
        var second = Number(request, "second");
        var head = await log.ReadHeadAsync(communeId, cancellationToken);
        if (first is null || second is null || first <= 0 || first > second || second > head.Size)
        {
            return BadRequest(request, new Text("Il faut 0 < first ≤ second ≤ taille du journal.", "0 < first ≤ second ≤ the log's size is required."));
        }

        var hashes = await log.LeafHashesAsync(communeId, second.Value, cancellationToken);
        var proof = MerkleTree.ConsistencyProof(hashes, (int)first.Value, (int)second.Value);
        return Results.JsonBody(200, new { first, second, hashes = proof.Select(Convert.ToBase64String) });
    }

    private WrittenResult? Unknown(HttpRequest request, string communeId) =>
        catalog.FindCommune(communeId) is null
            ? NotFound(request, new Text("Aucune commune ne porte cet identifiant.", "No commune has this identifier."))
            : null;

    private static long? Number(HttpRequest request, string name) =>
        long.TryParse(request.Query[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static WrittenResult NotFound(HttpRequest request, Text detail) =>
        Problems.Simple(404, "not-found", new Text("Introuvable", "Not found"), detail, LanguageNegotiation.FromRequest(request), request.Path);

    private static WrittenResult BadRequest(HttpRequest request, Text detail) =>
        Problems.Simple(400, "bad-request", new Text("Paramètres invalides", "Invalid parameters"), detail, LanguageNegotiation.FromRequest(request), request.Path);
}

/// <summary>An RFC 9162 inclusion proof: the leaf's index, the tree size it is proved against, the leaf hash and the audit path (base64).</summary>
public sealed record InclusionProofView(long Index, long Size, string LeafHash, IReadOnlyList<string> Hashes);
