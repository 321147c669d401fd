using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Signatures;
using Serverless.Platform.Configuration;
using Serverless.Platform.Storage;

namespace Serverless.Core.Circuits;

/// <summary>
/// The decision's PDF through the circuit: for each pass, the version's document with one empty signature field per
/// signing step, then one blob more per visa or signature, each the previous one plus an incremental update (so every
/// earlier signature stays valid). Blob names are fixed by (version, pass, step) and written first-writer-wins: a step
/// that runs twice keeps the first document, so no decision is ever signed twice. In the certificates container under
/// the application's reference, where erasure removes them with its certificate.
/// </summary>
public sealed class DecisionDocuments(
    BlobFiles files,
    DecisionDocumentRenderer renderer,
    PdfSignatureAppender appender,
    ISignatoryKeys keys,
    IOptions<PublicUrlOptions> urls)
{
    public const string SignatureField = "signature";

    public static string BlobName(string reference, int version, int pass, int signedSteps) =>
        $"{reference}/decision/v{version:D3}-p{pass:D3}-s{signedSteps:D2}.pdf";

    public static string FieldOf(CircuitStepPlan step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step.Kind == CircuitStepKind.Signature ? SignatureField : $"visa-{step.Index}";
    }

    /// <summary>The pass's unsigned document of <paramref name="version"/> (made now if it is not there yet); its blob name.</summary>
    public async Task<string> EnsureDraftAsync(LoadedApplication application, CircuitPlan plan, DecisionVersion version, int pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(version);
        var name = BlobName(application.Reference, version.Number, pass, 0);
        if (await files.DownloadAsync(StorageNames.CertificatesContainer, name, cancellationToken) is null)
        {
            var commune = application.Commune;
            var content = new DecisionDocumentContent(
                commune.Name,
                commune.Department ?? string.Empty,
                commune.Address,
                commune.Colour,
                commune.Logo,
                version.Title,
                version.Body,
                application.Reference,
                version.Number,
                $"Fait à {commune.City}",
                [.. plan.SigningSteps.Select(step => new SignatureSlot(FieldOf(step), step.Label))],
                urls.Value.Api(Routes.VerifyFile));
            await files.UploadIfAbsentAsync(StorageNames.CertificatesContainer, name, renderer.Render(content), "application/pdf", cancellationToken);
        }

        return name;
    }

    /// <summary>
    /// The document of the pass once <paramref name="step"/> is signed by <paramref name="signer"/>: the previous
    /// step's document plus this signature, stored under its own name unless an earlier run stored it; its blob name.
    /// </summary>
    public async Task<string> SignAsync(LoadedApplication application, CircuitPlan plan, int version, int pass, CircuitStepPlan step, CircuitSigner signer, DateTimeOffset signedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(signer);
        var name = BlobName(application.Reference, version, pass, step.Index);
        if (await files.DownloadAsync(StorageNames.CertificatesContainer, name, cancellationToken) is not null)
        {
            return name;
        }

        var previous = BlobName(application.Reference, version, pass, step.Index - 1);
        var unsigned = await files.DownloadAsync(StorageNames.CertificatesContainer, previous, cancellationToken)
            ?? throw new InvalidOperationException($"Application {application.Reference}: the decision's document {previous} is missing.");
        var person = signer.Signatory;
        var signatory = new Signatory(application.Commune.Id, person.Id, person.Name, person.Title);
        var key = await keys.GetAsync(signatory, cancellationToken);
        var mark = new SignatureMark(signatory, step.Kind == CircuitStepKind.Visa ? SignatureKind.Visa : SignatureKind.Decision, signer.Capacity, signedAt, application.Commune.City);
        var signed = await appender.AppendAsync(unsigned, FieldOf(step), mark, key, cancellationToken);
        await files.UploadIfAbsentAsync(StorageNames.CertificatesContainer, name, signed, "application/pdf", cancellationToken);
        return name;
    }

    public Task<byte[]?> DownloadAsync(string blobName, CancellationToken cancellationToken) =>
        files.DownloadAsync(StorageNames.CertificatesContainer, blobName, cancellationToken);
}
