using Microsoft.Extensions.Options;
using Serverless.Core.Procedures;
using Serverless.Core.Storage;

namespace Serverless.Core.Transparency;

/// <summary>
/// Where a certificate's issuance stands in its commune's log: its leaf, and an inclusion proof against the latest
/// signed checkpoint that this service checked before saying so. Anyone can check it again from the same data.
/// </summary>
public sealed record LogInclusion(string Commune, long LeafIndex, long? TreeSize, IReadOnlyList<string> Proof, bool Verified, string? CheckpointUrl)
{
    /// <summary>In the log, but after the latest checkpoint: the next one (within minutes) will cover it.</summary>
    public bool Pending => TreeSize is null;
}

public sealed class CertificateInLog(TransparencyLog log, LogSigningKey key, ProcedureCatalog catalog, IOptions<PublicUrlOptions> urls)
{
    public async Task<LogInclusion?> IssuanceAsync(RegisteredCertificate certificate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (catalog.Find(certificate.ProcedureId) is not { } procedure)
        {
            return null;
        }

        var commune = procedure.CommuneId;
        if (await log.FindIndexAsync(commune, certificate.Reference, AuditSteps.Certificate, cancellationToken) is not { } index)
        {
            return null;
        }

        var checkpointUrl = urls.Value.Api(Http.Routes.TransparencyCheckpoint.Replace("{communeId}", Uri.EscapeDataString(commune), StringComparison.Ordinal));
        var latest = await log.LatestCheckpointAsync(commune, cancellationToken);
        var (checkpoint, _) = latest is null ? (null, null) : SignedNote.OpenWithAny(latest.Note, key.VerifierKeys(log.Origin(commune)));
        if (checkpoint is null || index >= checkpoint.Size)
        {
            return new LogInclusion(commune, index, null, [], false, checkpointUrl);
        }

        var hashes = await log.LeafHashesAsync(commune, checkpoint.Size, cancellationToken);
        var proof = MerkleTree.InclusionProof(hashes, (int)index, (int)checkpoint.Size);
        var verified = MerkleTree.VerifyInclusion(index, checkpoint.Size, hashes[(int)index], proof, checkpoint.Root);
        return new LogInclusion(commune, index, checkpoint.Size, [.. proof.Select(Convert.ToBase64String)], verified, checkpointUrl);
    }
}
