using System.Text.Json;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;

namespace Serverless.Core.Usage;

/// <summary>
/// Follows status for the usage report: the attachments an application holds (counted once per blob, at the first
/// change after they were written: submission or correction), in one write. The certificate issued with an approval
/// is counted by <c>IssueCertificateActivity</c> with its PDF. Idempotent by the meter's keys.
/// </summary>
public sealed class UsageObserver(UsageMeter meter, ProcedureCatalog catalog) : IStatusChangeObserver
{
    public async Task OnStatusChangedAsync(StatusChanged changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var row = changed.Row;
        if (catalog.Find(row.GetString(nameof(ApplicationRecord.ProcedureId))) is not { } procedure)
        {
            return;
        }

        // Only where the files may not have been counted yet (after the submission or a correction, and on a repeat):
        // any other change would find every key there already.
        var attachments = changed.MayBeFirstSinceFilesChanged
            ? JsonSerializer.Deserialize<List<StoredAttachment>>(row.GetString(nameof(ApplicationRecord.AttachmentsJson)) ?? "[]") ?? []
            : [];
        if (attachments.Count > 0)
        {
            await meter.StorageChangedAsync(procedure.CommuneId, attachments.Select(attachment => ($"{StorageNames.AttachmentsContainer}/{attachment.BlobName}", attachment.Size)), changed.At, cancellationToken);
        }

        // The certificate is counted where it is registered (IssueCertificateActivity), with its PDF's bytes in one write.
    }
}
