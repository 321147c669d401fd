using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Transparency;
using Serverless.Platform.Localization;
using Serverless.Platform.Storage;

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
    DecisionDrafted,
    DecisionAmended,
    DecisionSubmitted,
    DecisionVisaed,
    DecisionSentBack,
    DecisionSigned,
    DecisionStepRequested,
    PaymentRequested,
    PaymentReceived,
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
public sealed class AuditTrail(StorageClients storage, AuditLogAppender log, ApplicationRepository applications)
{
    /// <summary>The audit entries' kind in an application's partition (decision 0012): row key <c>audit|{step}</c>.</summary>
    public const string Kind = "audit|";

    /// <summary>False on a partition audit row until its leaf is in the commune's log (the sweep appends those left behind).</summary>
    public const string LoggedColumn = "Logged";

    private readonly TableClient table = storage.Table(StorageNames.AuditTrailTable);
    private readonly ApplicationRows rows = applications.Rows(Kind);

    /// <summary>
    /// A new audit row of an application of the partition layout, not yet logged, for a step's transaction
    /// (<see cref="ApplicationRepository.CommitAsync"/>); once committed, <see cref="AppendLeavesAsync"/> logs it.
    /// </summary>
    public TableEntity NewRow(string reference, string stepKey, AuditEntry entry)
    {
        var row = Row(reference, rows.RowKey(stepKey), entry);
        row[LoggedColumn] = false;
        return row;
    }

    private static TableEntity Row(string reference, string rowKey, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new TableEntity(reference, rowKey)
        {
            ["Action"] = entry.Action.ToString(),
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["Detail"] = entry.Detail,
            ["Salt"] = Convert.ToBase64String(LogEntry.NewSalt()),
            ["SubjectSalt"] = Convert.ToBase64String(LogEntry.NewSalt()),
        };
    }

    /// <summary>Adds the entry; true when this call wrote it, false when the step was already recorded (left untouched).</summary>
    public async Task<bool> RecordAsync(string reference, string stepKey, AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (await applications.InPartitionAsync(reference, cancellationToken))
        {
            // On its own (no status change goes with it): the row, then its leaf, then the mark.
            var fresh = NewRow(reference, stepKey, entry);
            try
            {
                await rows.AddAsync(fresh, cancellationToken);
                await AppendLeavesAsync(reference, [fresh], rowsWereThere: false, cancellationToken);
                return true;
            }
            catch (RequestFailedException exception) when (exception.Status == 409)
            {
                await CatchUpAsync(reference, [stepKey], cancellationToken);
                return false;
            }
        }

        var row = Row(reference, stepKey, entry);
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
        await AppendLeafAsync(reference, stepKey, row, rowWasThere: !written, cancellationToken);
        return written;
    }

    /// <summary>
    /// After a step's transaction committed its audit rows (<paramref name="committed"/>, partition layout): their
    /// leaves, then the mark <c>Logged</c> on all of them in one write. A crash in between leaves them unlogged for
    /// the step's retry (<see cref="CatchUpAsync"/>) or the sweep (<see cref="SweepUnloggedAsync"/>).
    /// </summary>
    public async Task AppendLeavesAsync(string reference, IReadOnlyList<TableEntity> committed, bool rowsWereThere, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committed);
        var unlogged = committed.Where(row => row.GetBoolean(LoggedColumn) != true).ToList();
        if (unlogged.Count == 0)
        {
            return;
        }

        await Task.WhenAll(unlogged.Select(row => AppendLeafAsync(reference, rows.KeyOf(row.RowKey), row, rowsWereThere, cancellationToken)));
        await rows.MergeAllAsync([.. unlogged.Select(row => new TableEntity(reference, row.RowKey) { [LoggedColumn] = true })], cancellationToken);
    }

    /// <summary>
    /// A step found its rows committed by an earlier run (partition layout): the leaves that run may not have
    /// appended, from the rows as stored (their salts are the stored ones), and their marks.
    /// </summary>
    public async Task CatchUpAsync(string reference, IReadOnlyList<string> stepKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stepKeys);
        var stored = new List<TableEntity>();
        foreach (var stepKey in stepKeys)
        {
            if (await rows.FindAsync(reference, rows.RowKey(stepKey), select: null, cancellationToken) is { } row)
            {
                stored.Add(row);
            }
        }

        await AppendLeavesAsync(reference, stored, rowsWereThere: true, cancellationToken);
    }

    /// <summary>
    /// The sweep (run before each checkpoint): audit rows of the partition layout committed more than
    /// <paramref name="olderThan"/> ago whose leaf was never appended (the step died after its transaction and was not
    /// retried): their leaves and marks. Returns how many it logged. One filtered scan of the table's audit rows.
    /// </summary>
    public async Task<int> SweepUnloggedAsync(TimeSpan olderThan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - olderThan;
        var found = new List<TableEntity>();
        await foreach (var row in rows.ScanAsync(TableClient.CreateQueryFilter($"Logged eq false and Timestamp lt {before}"), select: null, cancellationToken))
        {
            found.Add(row);
        }

        foreach (var application in found.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
        {
            await AppendLeavesAsync(application.Key, [.. application], rowsWereThere: true, cancellationToken);
        }

        return found.Count;
    }

    private async Task AppendLeafAsync(string reference, string stepKey, TableEntity row, bool rowWasThere, CancellationToken cancellationToken)
    {
        if (row.GetString("Salt") is { Length: > 0 } storedSalt)
        {
            await log.AppendAsync(
                reference,
                stepKey,
                row.GetString("Action") ?? string.Empty,
                row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                LogEntry.Commit(Convert.FromBase64String(storedSalt), row.GetString("Actor") ?? string.Empty, row.GetString("Detail") ?? string.Empty),
                row.GetString("SubjectSalt") is { Length: > 0 } storedSubjectSalt ? Convert.FromBase64String(storedSubjectSalt) : null,
                rowWasThere,
                cancellationToken);
        }
    }

    /// <summary>The application's audit rows as stored, each with its step key (the row key without the kind's prefix).</summary>
    private async IAsyncEnumerable<(string Step, TableEntity Row)> StoredAsync(string reference, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (await applications.InPartitionAsync(reference, cancellationToken))
        {
            await foreach (var row in rows.QueryAsync(reference, select: null, cancellationToken))
            {
                yield return (rows.KeyOf(row.RowKey), row);
            }

            yield break;
        }

        await foreach (var row in table.QueryAsync<TableEntity>(entity => entity.PartitionKey == reference, cancellationToken: cancellationToken))
        {
            yield return (row.RowKey, row);
        }
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
        await foreach (var (step, row) in StoredAsync(reference, cancellationToken))
        {
            var actor = row.GetString("Actor") ?? AuditActors.System;
            var detail = row.GetString("Detail") ?? string.Empty;
            var isCitizen = actor.StartsWith("citizen:", StringComparison.Ordinal);
            if (step == keepStep || row.ContainsKey("ErasedAt") || (!isCitizen && detail.Length == 0))
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

            if (row.GetBoolean(LoggedColumn) is { } logged)
            {
                scrubbed[LoggedColumn] = logged;
            }

            await (rows.Owns(row.RowKey)
                ? rows.UpdateAsync(scrubbed, row.ETag, TableUpdateMode.Replace, cancellationToken)
                : table.UpdateEntityAsync(scrubbed, row.ETag, TableUpdateMode.Replace, cancellationToken));
        }
    }

    /// <summary>
    /// What opens the v2 leaf of one step (its subject salt, action and exact time), or null when the step has no
    /// row or a v1 leaf. The reference is not in it: whoever checks the opening brings the reference they hold.
    /// </summary>
    public async Task<LeafOpening?> OpeningAsync(string reference, string stepKey, CancellationToken cancellationToken)
    {
        TableEntity? row;
        if (await applications.InPartitionAsync(reference, cancellationToken))
        {
            row = await rows.FindAsync(reference, rows.RowKey(stepKey), select: null, cancellationToken);
        }
        else
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(reference, stepKey, cancellationToken: cancellationToken);
            row = found.HasValue ? found.Value : null;
        }

        return row is not null && row.GetString("SubjectSalt") is { Length: > 0 } subjectSalt && row.GetDateTimeOffset("At") is { } at
            ? new LeafOpening(stepKey, row.GetString("Action") ?? string.Empty, LogEntry.FormatTime(at), subjectSalt)
            : null;
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string reference, CancellationToken cancellationToken) =>
        [.. (await StepsAsync(reference, cancellationToken)).Values.OrderBy(entry => entry.At)];

    /// <summary>The application's entries by step key (one query of its partition).</summary>
    public async Task<IReadOnlyDictionary<string, AuditEntry>> StepsAsync(string reference, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, AuditEntry>(StringComparer.Ordinal);
        await foreach (var (step, row) in StoredAsync(reference, cancellationToken))
        {
            entries[step] = new AuditEntry(
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
        AuditAction.DecisionDrafted => new("Projet de décision rédigé", "Draft decision written"),
        AuditAction.DecisionAmended => new("Projet de décision modifié", "Draft decision amended"),
        AuditAction.DecisionSubmitted => new("Projet de décision soumis au circuit de signature", "Draft decision submitted for signature"),
        AuditAction.DecisionVisaed => new("Visa donné au projet de décision", "Visa given to the draft decision"),
        AuditAction.DecisionSentBack => new("Projet de décision renvoyé pour modification", "Draft decision sent back for changes"),
        AuditAction.DecisionSigned => new("Décision signée", "Decision signed"),
        AuditAction.DecisionStepRequested => new("Décision transmise pour visa ou signature", "Decision sent for visa or signature"),
        AuditAction.PaymentRequested => new("Paiement demandé au demandeur", "Payment asked of the applicant"),
        AuditAction.PaymentReceived => new("Paiement reçu", "Payment received"),
        _ => new(action.ToString(), action.ToString()),
    };
}
