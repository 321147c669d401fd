using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Certificates;
using Serverless.Platform.Http;
using Serverless.Platform.Storage;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Tracking;

/// <summary>
/// <c>GET …/applications/{reference}/archive?access=…</c>: the citizen's right of access (RGPD art. 15) — everything
/// held about the application in one ZIP: <c>demande.json</c> (values, status, dates, attachments' descriptions,
/// history), the attachments as uploaded, and the certificate PDF. Same reference-and-code check as the status page.
/// </summary>
public sealed class AccessArchiveHandler(CitizenApplicationAccess access, AuditTrail audit, CertificateRegistry registry, BlobFiles files, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(Results.Json) { WriteIndented = true };

    public async Task<IActionResult> HandleAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await access.FindAsync(request, procedureId, reference, cancellationToken);
        if (application is null)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        var record = application.Record;
        var history = await audit.ReadAsync(record.Reference, cancellationToken);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var attachments = new List<object>();
            foreach (var attachment in record.Attachments)
            {
                // Stored under generated names: the archive names files after the field and that id, never after what the citizen typed.
                var name = $"pieces-jointes/{attachment.FieldName}-{attachment.Id}{Path.GetExtension(attachment.BlobName)}";
                if (await files.DownloadAsync(StorageNames.AttachmentsContainer, attachment.BlobName, cancellationToken) is { } bytes)
                {
                    await WriteAsync(zip, name, bytes, cancellationToken);
                }

                attachments.Add(new { field = attachment.FieldName, originalName = attachment.OriginalName, contentType = attachment.ContentType, size = attachment.Size, sha256 = attachment.Sha256, file = name });
            }

            string? certificateFile = null;
            if (record.CertificateNumber is { } number
                && await registry.FindAsync(number, cancellationToken) is { } certificate
                && await files.DownloadAsync(StorageNames.CertificatesContainer, certificate.BlobName, cancellationToken) is { } pdf)
            {
                certificateFile = $"attestation-{number}.pdf";
                await WriteAsync(zip, certificateFile, pdf, cancellationToken);
            }

            var document = new
            {
                generatedAt = clock.GetUtcNow(),
                reference = record.Reference,
                procedure = application.Procedure.Id,
                commune = application.Commune.Name,
                status = record.Status,
                submittedAt = record.SubmittedAt,
                language = record.Language,
                citizenEmail = record.CitizenEmail,
                values = record.Values,
                decisionReason = record.DecisionReason,
                certificateNumber = record.CertificateNumber,
                certificateFile,
                attachments,
                // An erased application: what is left is its skeleton, and the archive says when and why the rest went.
                erasedAt = record.ErasedAt,
                erasureReason = record.ErasureReason,
                // Who acted as a role (citizen, agent, system), as on the status page: agents' own addresses are theirs.
                history = history.Select(entry => new { action = entry.Action.ToString(), at = entry.At, actor = entry.Actor.Split(':')[0] }),
            };
            await WriteAsync(zip, "demande.json", JsonSerializer.SerializeToUtf8Bytes(document, Json), cancellationToken);
        }

        return new BytesResult("application/zip", buffer.ToArray(), $"donnees-{record.Reference}.zip").WithHeader("Cache-Control", "no-store");
    }

    private static async Task WriteAsync(ZipArchive zip, string name, byte[] content, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = await entry.OpenAsync(cancellationToken);
        await stream.WriteAsync(content, cancellationToken);
    }
}
