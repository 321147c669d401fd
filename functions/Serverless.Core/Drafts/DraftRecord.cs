using System.Runtime.Serialization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Serverless.Core.Applications;

namespace Serverless.Core.Drafts;

/// <summary>
/// A form in progress: the values given so far (normalised by the validator, or as prefilled), the files kept in the
/// <c>drafts</c> container, when it is deleted, and where its resume link went. Drafts are not applications: no
/// reviewer ever sees one, and the sweeper deletes it at <see cref="ExpiresAt"/>.
/// </summary>
public sealed class DraftRecord : ITableEntity
{
    public const string Row = "draft";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = Row;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string ProcedureId { get; set; } = string.Empty;

    public string Language { get; set; } = "fr";

    public string ValuesJson { get; set; } = "{}";

    public string AttachmentsJson { get; set; } = "[]";

    /// <summary>Fields whose value came from a prefill, not from the person: their problems are shown when the draft opens.</summary>
    public string PrefilledFields { get; set; } = string.Empty;

    /// <summary>Ids of the steps the person has gone through (comma-separated).</summary>
    public string VisitedSteps { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Where the resume link was sent (and the reminder goes); null until the person asks.</summary>
    public string? Email { get; set; }

    public DateTimeOffset? ReminderSentAt { get; set; }

    /// <summary>
    /// The addresses the resume link went to, as truncated SHA-256 hashes (comma-separated): enough to bound how many
    /// different addresses one draft can e-mail, without keeping the addresses.
    /// </summary>
    public string LinkRecipients { get; set; } = string.Empty;

    /// <summary>
    /// The FranceConnect subject of the citizen who kept this draft while signed in (its row in "Mes démarches"
    /// names the draft), or null. Pseudonymous, and deleted with the draft.
    /// </summary>
    public string? CitizenSub { get; set; }

    /// <summary>Set once submitted: a replayed "send" leads to this application instead of a second one.</summary>
    public string? SubmittedReference { get; set; }

    [IgnoreDataMember]
    public string DraftId => PartitionKey;

    [IgnoreDataMember]
    public IReadOnlyDictionary<string, string> Values =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(ValuesJson) ?? [];

    [IgnoreDataMember]
    public IReadOnlyList<StoredAttachment> Attachments =>
        JsonSerializer.Deserialize<List<StoredAttachment>>(AttachmentsJson) ?? [];

    [IgnoreDataMember]
    public IReadOnlyCollection<string> Visited => VisitedSteps.Split(',', StringSplitOptions.RemoveEmptyEntries);

    [IgnoreDataMember]
    public IReadOnlyCollection<string> Prefilled => PrefilledFields.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
