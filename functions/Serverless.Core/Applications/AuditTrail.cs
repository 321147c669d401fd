using Azure;
using Azure.Data.Tables;
using Serverless.Core.Transparency;
using Serverless.Platform.Localization;
using Serverless.Platform.Storage;
using Serverless.Core.Site;

namespace Serverless.Core.Applications;

/// <summary>What happened to an application. Codes are stable (they are data); labels are for people.</summary>
public enum AuditAction
{
    Submitted,
    AcknowledgementSent,
    Validated,
    ValidationFailed,
    ReviewRequested,
    ReminderSent,
    Approved,
    Rejected,
    CertificateIssued,
    CitizenNotified,
    ChangesRequested,
    CorrectionSubmitted,
    Escalated,
    Delegated,
    ImplicitDecision,
    Withdrawn,
    Abandoned,
    CertificateRevoked,
    WorkflowRecovered,
    IncidentOpened,
    IncidentResolved,
    TransitionRefused,
    RetentionWarningSent,
    ErasureRequested,
    PersonalDataErased,
}

/// <summary>One audit entry: what, when, and who (a citizen's or agent's e-mail address, or "system").</summary>
public sealed record AuditEntry(AuditAction Action, DateTimeOffset At, string Actor, string Detail);

public static class AuditActors
{
    public const string System = "system";

    public static string Citizen(string email) => $"citizen:{email}";

    public static string Agent(string email) => $"agent:{email}";
}

/// <summary>
/// The audit trail (partition = reference). Insert-only: each step writes under a key of its own (<see cref="AuditSteps"/>),
/// derived from the step rather than the clock, with a conditional insert, so an activity that runs twice leaves the
/// first entry as it was and never rewrites history. Each entry also becomes a leaf of its commune's transparency
/// log: the row carries a random salt, and the leaf a commitment to who acted and the detail under that salt; and a
/// second random salt (<c>SubjectSalt</c>) under which the v2 leaf commits to the reference, step, action and exact time
/// instead of publishing them (see docs/decisions/0011-public-log-privacy.md).
/// </summary>
public sealed class AuditTrail(StorageClients storage, AuditLogAppender log)
{
    private readonly TableClient table = storage.Table(StorageNames.AuditTrailTable);

    /// <summary>Adds the entry; true when this call wrote it, false when the step was already recorded (left untouched).</summary>
    public async Task<bool> RecordAsync(string reference, string stepKey, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var salt = LogEntry.NewSalt();
        var subjectSalt = LogEntry.NewSalt();
        var row = new TableEntity(reference, stepKey)
        {
            ["Action"] = entry.Action.ToString(),
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["Detail"] = entry.Detail,
            ["Salt"] = Convert.ToBase64String(salt),
            ["SubjectSalt"] = Convert.ToBase64String(subjectSalt),
        };
        bool written;
        try
        {
            await table.AddEntityAsync(row, cancellationToken);
            written = true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            written = false;
            row = (await table.GetEntityAsync<TableEntity>(reference, stepKey, cancellationToken: cancellationToken)).Value;
        }

        // Whether written now or by an earlier run that died before its leaf: the log appends each step once. A row
        // written before v2 leaves existed has no subject salt and becomes the v1 leaf it was meant to be.
        if (row.GetString("Salt") is { Length: > 0 } storedSalt)
        {
            await log.AppendAsync(
                reference,
                stepKey,
                row.GetString("Action") ?? string.Empty,
                row.GetDateTimeOffset("At") ?? entry.At,
                LogEntry.Commit(Convert.FromBase64String(storedSalt), row.GetString("Actor") ?? string.Empty, row.GetString("Detail") ?? string.Empty),
                row.GetString("SubjectSalt") is { Length: > 0 } storedSubjectSalt ? Convert.FromBase64String(storedSubjectSalt) : null,
                rowWasThere: !written,
                cancellationToken);
        }

        return written;
    }

    /// <summary>
    /// RGPD erasure of the audit rows of an application, except <paramref name="keepStep"/> (the erasure's own entry):
    /// a citizen actor becomes the role alone, every detail goes, and so does the salt (the leaf's commitment can no
    /// longer be opened, which is the point). The row keeps its action and time, which its leaf still proves, and says
    /// when it was erased; the verifier accepts such a row only if the log holds the application's erasure after it.
    /// The subject salt stays: it opens only the reference, step, action and time (no personal data), and without it a
    /// v2 leaf could no longer be matched with its row, nor a certificate's issuance proved.
    /// </summary>
    public async Task ScrubAsync(string reference, string keepStep, DateTimeOffset erasedAt, CancellationToken cancellationToken)
    {
        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == reference, cancellationToken: cancellationToken))
        {
            var actor = row.GetString("Actor") ?? AuditActors.System;
            var detail = row.GetString("Detail") ?? string.Empty;
            var isCitizen = actor.StartsWith("citizen:", StringComparison.Ordinal);
            if (row.RowKey == keepStep || row.ContainsKey("ErasedAt") || (!isCitizen && detail.Length == 0))
            {
                continue;
            }

            var scrubbed = new TableEntity(reference, row.RowKey)
            {
                ["Action"] = row.GetString("Action"),
                ["At"] = row.GetDateTimeOffset("At"),
                ["Actor"] = isCitizen ? "citizen" : actor,
                ["Detail"] = string.Empty,
                ["ErasedAt"] = erasedAt,
            };
            if (row.GetString("SubjectSalt") is { Length: > 0 } subjectSalt)
            {
                scrubbed["SubjectSalt"] = subjectSalt;
            }

            await table.UpdateEntityAsync(scrubbed, row.ETag, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>
    /// What opens the v2 leaf of one step (its subject salt, action and exact time), or null when the step has no
    /// row or a v1 leaf. The reference is not in it: whoever checks the opening brings the reference they hold.
    /// </summary>
    public async Task<LeafOpening?> OpeningAsync(string reference, string stepKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(reference, stepKey, cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("SubjectSalt") is { Length: > 0 } subjectSalt && row.Value.GetDateTimeOffset("At") is { } at
            ? new LeafOpening(stepKey, row.Value.GetString("Action") ?? string.Empty, LogEntry.FormatTime(at), subjectSalt)
            : null;
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string reference, CancellationToken cancellationToken) =>
        [.. (await StepsAsync(reference, cancellationToken)).Values.OrderBy(entry => entry.At)];

    /// <summary>The application's entries by step key (one query of its partition).</summary>
    public async Task<IReadOnlyDictionary<string, AuditEntry>> StepsAsync(string reference, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, AuditEntry>(StringComparer.Ordinal);
        var query = table.QueryAsync<TableEntity>(
            entity => entity.PartitionKey == reference,
            cancellationToken: cancellationToken);
        await foreach (var row in query)
        {
            entries[row.RowKey] = new AuditEntry(
                Enum.Parse<AuditAction>(row.GetString("Action")),
                row.GetDateTimeOffset("At") ?? row.Timestamp ?? DateTimeOffset.MinValue,
                row.GetString("Actor") ?? AuditActors.System,
                row.GetString("Detail") ?? string.Empty);
        }

        return entries;
    }
}

public static class AuditActionText
{
    public static Text Label(this AuditAction action) => action switch
    {
        AuditAction.Submitted => new("Demande déposée", "Application submitted"),
        AuditAction.AcknowledgementSent => new("Accusé de réception envoyé", "Acknowledgement of receipt sent"),
        AuditAction.Validated => new("Contrôles automatiques réussis", "Automatic checks passed"),
        AuditAction.ValidationFailed => new("Contrôles automatiques non satisfaits", "Automatic checks failed"),
        AuditAction.ReviewRequested => new("Transmise à l'agent instructeur", "Sent to the reviewing agent"),
        AuditAction.ReminderSent => new("Relance envoyée à l'agent", "Reminder sent to the agent"),
        AuditAction.Approved => new("Demande acceptée", "Application approved"),
        AuditAction.Rejected => new("Demande refusée", "Application rejected"),
        AuditAction.CertificateIssued => new("Attestation délivrée", "Certificate issued"),
        AuditAction.CitizenNotified => new("Courriel envoyé au demandeur", "E-mail sent to the applicant"),
        AuditAction.ChangesRequested => new("Compléments demandés au demandeur", "Changes requested from the applicant"),
        AuditAction.CorrectionSubmitted => new("Compléments envoyés par le demandeur", "Changes sent by the applicant"),
        AuditAction.Escalated => new("Demande signalée au responsable", "Escalated to a supervisor"),
        AuditAction.Delegated => new("Instruction confiée à un collègue", "Handed to a colleague"),
        AuditAction.ImplicitDecision => new("Décision implicite (délai légal écoulé)", "Implicit decision (legal deadline passed)"),
        AuditAction.Withdrawn => new("Demande retirée par le demandeur", "Withdrawn by the applicant"),
        AuditAction.Abandoned => new("Classée sans suite faute de réponse", "Closed: no answer from the applicant"),
        AuditAction.WorkflowRecovered => new("Traitement relancé après un incident", "Processing resumed after an incident"),
        AuditAction.CertificateRevoked => new("Attestation révoquée", "Certificate revoked"),
        AuditAction.IncidentOpened => new("Traitement retardé par un incident technique", "Processing delayed by a technical incident"),
        AuditAction.IncidentResolved => new("Incident résolu, traitement repris", "Incident resolved, processing resumed"),
        AuditAction.TransitionRefused => new("Changement d'état refusé", "Status change refused"),
        AuditAction.RetentionWarningSent => new("Avertissement d'effacement prochain envoyé", "Warning of the coming erasure sent"),
        AuditAction.ErasureRequested => new("Effacement des données demandé par le demandeur", "Erasure of the data requested by the applicant"),
        AuditAction.PersonalDataErased => new("Données personnelles effacées", "Personal data erased"),
        _ => new(action.ToString(), action.ToString()),
    };
}
