using System.Runtime.Serialization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Serverless.Core.Applications;

/// <summary>An attachment as stored: under a generated blob name, with its checked type and hash.</summary>
public sealed record StoredAttachment(string FieldName, string BlobName, string OriginalName, string ContentType, long Size, string Sha256)
{
    /// <summary>The generated part of the blob name: stable, unguessable, and new for every replacement.</summary>
    public string Id => Path.GetFileNameWithoutExtension(BlobName);
}

/// <summary>One application, as a row of the Applications table (partition = reference).</summary>
public sealed class ApplicationRecord : ITableEntity
{
    public const string RowKeyValue = "application";

    /// <summary>
    /// <see cref="Layout"/> of an application whose audit entries, outbox rows and decisions are rows of its own
    /// partition of this table (decision 0012); 0 (rows written before it): they are in the AuditTrail, Outbox and
    /// ReviewDecisions tables, where its readers still look for it.
    /// </summary>
    public const int PartitionLayout = 2;

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = RowKeyValue;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ProcedureId { get; set; } = string.Empty;

    public string Status { get; set; } = nameof(ApplicationStatus.Received);

    /// <summary>"fr" or "en": the language the citizen used, for their e-mails.</summary>
    public string Language { get; set; } = "fr";

    public DateTimeOffset SubmittedAt { get; set; }

    public string CitizenEmail { get; set; } = string.Empty;

    public string ValuesJson { get; set; } = "{}";

    public string AttachmentsJson { get; set; } = "[]";

    public string? DecisionReason { get; set; }

    public string? CertificateNumber { get; set; }

    /// <summary>True when the decision was the law's, not a person's: silence vaut acceptation or rejet (set with the status).</summary>
    public bool ImplicitDecision { get; set; }

    /// <summary>The current review round: links of earlier rounds no longer decide.</summary>
    public int ReviewRound { get; set; } = 1;

    /// <summary>When the law expects a decision (meaningless while <see cref="DeadlineSuspended"/>).</summary>
    public DateTimeOffset? DecisionDueAt { get; set; }

    /// <summary>True while the citizen has changes to make: the legal deadline does not run.</summary>
    public bool DeadlineSuspended { get; set; }

    /// <summary>The agent's request for changes, and the fields the citizen may correct (comma-separated; empty: all).</summary>
    public string? ChangeMessage { get; set; }

    public string? ChangeFields { get; set; }

    /// <summary>Until when the citizen may answer the request for changes.</summary>
    public DateTimeOffset? AnswerDueAt { get; set; }

    public string? CertificateSha256 { get; set; }

    /// <summary>Content hash of the procedure definition the application was submitted under (see ProcedureVersions); null on rows older than versioning.</summary>
    public string? ProcedureVersion { get; set; }

    /// <summary>
    /// The id of the citizen-access key the application's access code derives from (CitizenAccess:Keys:&lt;id&gt;),
    /// written with the row at submission so the code survives a change of active key; null on rows written before
    /// key ids, whose code derives from key id k1.
    /// </summary>
    public string? AccessKeyId { get; set; }

    /// <summary>The review round whose request for changes the citizen has answered (a second answer is refused).</summary>
    public int CorrectedRound { get; set; }

    /// <summary>
    /// While <see cref="ApplicationStatus.AwaitingSignature"/>: the circuit's step the decision is at (0 drafting, then
    /// the visas in order, then the signature), shown to the citizen by its catalogue label, never with comments.
    /// </summary>
    public int? DecisionStep { get; set; }

    /// <summary>While <see cref="ApplicationStatus.AwaitingSignature"/>: the circuit's pass (a new one after each send-back or amendment); older links are refused.</summary>
    public int? DecisionPass { get; set; }

    /// <summary>The signed decision's blob (certificates container) once the circuit ended: the citizen downloads it.</summary>
    public string? DecisionDocument { get; set; }

    /// <summary>While in <see cref="ApplicationStatus.Incident"/>: the status to return to, the step that failed and since when.</summary>
    public string? StatusBeforeIncident { get; set; }

    public string? IncidentStep { get; set; }

    public DateTimeOffset? IncidentSince { get; set; }

    /// <summary>
    /// An e-mail of the application that the relay kept refusing past the quick retries (version 3 queues its e-mails):
    /// the outbox step and since when; empty once sent. Not a status: the dispatcher writes it (<see cref="Outbox.NoticeDelays"/>).
    /// </summary>
    public string? NoticeDelayedStep { get; set; }

    public DateTimeOffset? NoticeDelayedSince { get; set; }

    /// <summary>
    /// The fields whose values FranceConnect vouched for at submission (comma-separated names; empty: all typed by the
    /// citizen), with the source and the moment: the agent sees them as "identité vérifiée FranceConnect".
    /// </summary>
    public string? VerifiedFields { get; set; }

    /// <summary>Where the verified values came from ("FranceConnect") when there are any.</summary>
    public string? VerifiedBy { get; set; }

    /// <summary>
    /// For verified fields another source vouched for (the family quotient: the fund, API Particulier, the month it
    /// refers to and when it was obtained), as JSON field → text; shown to the agent beside the value, erased with it.
    /// </summary>
    public string? VerifiedNotes { get; set; }

    [IgnoreDataMember]
    public IReadOnlyDictionary<string, string> VerifiedNoteByField =>
        VerifiedNotes is { Length: > 0 } json ? System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [] : new Dictionary<string, string>();

    public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>The signed-in citizen's pseudonymous FranceConnect subject (null: filed without signing in); erased with the values.</summary>
    public string? CitizenSub { get; set; }

    /// <summary>The names in <see cref="VerifiedFields"/>.</summary>
    [IgnoreDataMember]
    public IReadOnlyList<string> VerifiedFieldNames => VerifiedFields is { Length: > 0 } names ? names.Split(',') : [];

    /// <summary>
    /// When the citizen asked to withdraw, written by <see cref="Withdrawal.WithdrawalHandler"/> just after the pending
    /// request (so a row that says it always has a request the sweeper delivers): the pages that must not take a
    /// decision over a withdrawal the workflow has not applied yet read it from the row they hold, with no lookup of
    /// <see cref="Workflow.PendingRequests"/>. Never cleared: once the application is final its status says the rest.
    /// </summary>
    public DateTimeOffset? WithdrawalRequestedAt { get; set; }

    /// <summary>Set once the personal data was erased (retention period over, or the citizen's request): the row keeps only its skeleton.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    /// <summary>Why it was erased: <c>retention</c> or <c>request</c>.</summary>
    public string? ErasureReason { get; set; }
    /// <summary>Where the application's other rows live: <see cref="PartitionLayout"/>, or 0 for the tables of before (decision 0012).</summary>
    public int Layout { get; set; }

    /// <summary>The agent the back office assigned the application to (empty: nobody); not a status, any handler may merge it.</summary>
    public string? AssignedTo { get; set; }

    /// <summary>
    /// The row as a <see cref="Azure.Data.Tables.TableEntity"/> with this record's ETag: what
    /// <see cref="ApplicationStatusWriter"/> would have read, for a step that has just read the record and wants its
    /// status written without a second read (the write is conditional on the ETag, so a stale copy is read again).
    /// </summary>
    public Azure.Data.Tables.TableEntity ToEntity()
    {
        var entity = new Azure.Data.Tables.TableEntity(PartitionKey, RowKey) { ETag = ETag };
        foreach (var property in typeof(ApplicationRecord).GetProperties())
        {
            if (property is { CanRead: true, CanWrite: true } && !property.IsDefined(typeof(IgnoreDataMemberAttribute), inherit: false) && property.Name is not (nameof(PartitionKey) or nameof(RowKey) or nameof(Timestamp) or nameof(ETag))
                && property.GetValue(this) is { } value)
            {
                entity[property.Name] = value;
            }
        }

        return entity;
    }

    /// <summary>
    /// The record of a row as a <see cref="Azure.Data.Tables.TableEntity"/> holds it (the reverse of <see cref="ToEntity"/>):
    /// for code handed the row a step has just written (a status observer), so that it needs no read of its own. A
    /// column the row lacks keeps the record's default.
    /// </summary>
    public static ApplicationRecord FromEntity(Azure.Data.Tables.TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var record = new ApplicationRecord { PartitionKey = entity.PartitionKey, RowKey = entity.RowKey, Timestamp = entity.Timestamp, ETag = entity.ETag };
        foreach (var property in typeof(ApplicationRecord).GetProperties())
        {
            if (property is not { CanRead: true, CanWrite: true } || property.IsDefined(typeof(IgnoreDataMemberAttribute), inherit: false) || property.Name is nameof(PartitionKey) or nameof(RowKey) or nameof(Timestamp) or nameof(ETag))
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object? value = type == typeof(string) ? entity.GetString(property.Name)
                : type == typeof(int) ? entity.GetInt32(property.Name)
                : type == typeof(bool) ? entity.GetBoolean(property.Name)
                : type == typeof(DateTimeOffset) ? entity.GetDateTimeOffset(property.Name)
                : throw new NotSupportedException($"ApplicationRecord.{property.Name}: a column of type {type.Name} is not read from a row.");
            if (value is not null)
            {
                property.SetValue(record, value);
            }
        }

        return record;
    }

    [IgnoreDataMember]
    public string Reference => PartitionKey;

    /// <summary>True when the application's audit, outbox and decision rows are in its partition of this table.</summary>
    [IgnoreDataMember]
    public bool InPartition => Layout >= PartitionLayout;

    [IgnoreDataMember]
    public ApplicationStatus StatusValue => Enum.Parse<ApplicationStatus>(Status);

    /// <summary>Pending, with the citizen's withdrawal recorded and not applied yet: no decision may be taken over it.</summary>
    [IgnoreDataMember]
    public bool AwaitsWithdrawal => StatusValue.IsPending() && WithdrawalRequestedAt is not null;

    [IgnoreDataMember]
    public IReadOnlyDictionary<string, string> Values =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(ValuesJson) ?? [];

    [IgnoreDataMember]
    public IReadOnlyList<StoredAttachment> Attachments =>
        JsonSerializer.Deserialize<List<StoredAttachment>>(AttachmentsJson) ?? [];
}

/// <summary>Who filed, as an identity provider vouched for them: their subject there and the fields it filled in.</summary>
public sealed record VerifiedIdentity(string Sub, IReadOnlyList<string> Fields, string Source = "FranceConnect")
{
    /// <summary>Fields another source vouched for (the family quotient from API Particulier): field → what to say of the source.</summary>
    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>();
}
