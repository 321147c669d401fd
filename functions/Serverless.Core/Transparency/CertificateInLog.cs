using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Core.Procedures;
using Serverless.Platform.Configuration;

namespace Serverless.Core.Transparency;

/// <summary>
/// Where a certificate's issuance stands in its commune's log: its leaf (<see cref="Entry"/>, the public bytes), and
/// an inclusion proof against the latest signed checkpoint that this service checked before saying so, together with
/// a check that the leaf is this certificate's issuance (a v1 leaf names it; a v2 leaf's subject opens to it).
/// <see cref="Opening"/> is given only to whoever brings the application's reference printed on the certificate: with
/// it and the reference anyone recomputes the leaf's subject, hashes the entry and checks the proof; without the
/// reference the salt would let someone holding only the number try every reference of the procedure's small space.
/// </summary>
public sealed record LogInclusion(string Commune, long LeafIndex, long? TreeSize, IReadOnlyList<string> Proof, bool Verified, string? CheckpointUrl)
{
    /// <summary>In the log, but after the latest checkpoint: the next one (within minutes) will cover it.</summary>
    public bool Pending => TreeSize is null;

    /// <summary>The leaf's canonical JSON, as <c>/entries</c> serves it (its RFC 6962 hash is SHA-256(0x00 ‖ entry)).</summary>
    public string? Entry { get; init; }

    /// <summary>The v2 leaf's opening, only when the asker gave the certificate's reference.</summary>
    public LeafOpening? Opening { get; init; }
}

public sealed class CertificateInLog(TransparencyLog log, AuditTrail audit, LogSigningKey key, ProcedureCatalog catalog, IOptions<PublicUrlOptions> urls)
{
    /// <param name="reference">The reference the asker read on the certificate, if any: the opening is given only when it is this certificate's.</param>
    public async Task<LogInclusion?> IssuanceAsync(RegisteredCertificate certificate, string? reference, CancellationToken cancellationToken)
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

        var leaf = (await log.ReadLeavesAsync(commune, index, index + 1, cancellationToken)).SingleOrDefault();
        var opening = await audit.OpeningAsync(certificate.Reference, AuditSteps.Certificate, cancellationToken);
        var isIssuance = leaf is not null && IsIssuance(leaf.Entry, certificate.Reference, opening);
        var holderOpening = reference is not null && string.Equals(reference.Trim(), certificate.Reference, StringComparison.OrdinalIgnoreCase) ? opening : null;

        var checkpointUrl = urls.Value.Api(Addresses.Routes.TransparencyCheckpoint.Replace("{communeId}", Uri.EscapeDataString(commune), StringComparison.Ordinal));
        var latest = await log.LatestCheckpointAsync(commune, cancellationToken);
        var (checkpoint, _) = latest is null ? (null, null) : SignedNote.OpenWithAny(latest.Note, key.VerifierKeys(log.Origin(commune)));
        if (checkpoint is null || index >= checkpoint.Size)
        {
            return new LogInclusion(commune, index, null, [], false, checkpointUrl) { Entry = leaf?.Entry, Opening = holderOpening };
        }

        var hashes = await log.LeafHashesAsync(commune, checkpoint.Size, cancellationToken);
        var proof = MerkleTree.InclusionProof(hashes, (int)index, (int)checkpoint.Size);
        var verified = isIssuance
            && MerkleTree.LeafHash(System.Text.Encoding.UTF8.GetBytes(leaf!.Entry)).AsSpan().SequenceEqual(hashes[(int)index])
            && MerkleTree.VerifyInclusion(index, checkpoint.Size, hashes[(int)index], proof, checkpoint.Root);
        return new LogInclusion(commune, index, checkpoint.Size, [.. proof.Select(Convert.ToBase64String)], verified, checkpointUrl) { Entry = leaf?.Entry, Opening = holderOpening };
    }

    /// <summary>The leaf is the certificate step of this reference: in clear (v1), or through the audit row's opening (v2).</summary>
    private static bool IsIssuance(string entry, string reference, LeafOpening? opening)
    {
        try
        {
            using var document = JsonDocument.Parse(entry);
            var root = document.RootElement;
            string? Get(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            return root.TryGetProperty("v", out var version) && version.ValueKind == JsonValueKind.Number && version.GetInt32() switch
            {
                LogEntry.Version1 => Get("reference") == reference && Get("step") == AuditSteps.Certificate,
                LogEntry.Version2 => opening is not null && opening.Step == AuditSteps.Certificate && Get("subject") is { } subject && opening.Opens(subject, reference),
                _ => false,
            };
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
