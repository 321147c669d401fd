using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Platform.Storage;

namespace Serverless.Core.BackOffice;

public sealed record AgentNote(string Author, DateTimeOffset At, string Text);

/// <summary>
/// Private notes between the agents of a commune about one application (partition = reference). They are kept in a
/// table of their own that no citizen-facing code reads — the status page, the e-mails and the access archive read
/// the application, its audit trail and its outbox, never this — and they are not audit entries, so they never
/// become leaves of the public transparency log. Insert-only, one row per note (the key is the note's id).
/// </summary>
public sealed class AgentNotes(StorageClients storage)
{
    public const int MaxLength = 4000;

    private readonly TableClient table = storage.Table(StorageNames.AgentNotesTable);

    /// <summary>Adds the note; a form posted twice with the same id adds it once.</summary>
    public async Task AddAsync(string reference, string noteId, AgentNote note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        try
        {
            await table.AddEntityAsync(new TableEntity(reference, noteId) { ["Author"] = note.Author, ["At"] = note.At, ["Text"] = note.Text }, cancellationToken);
        }
        catch (Azure.RequestFailedException exception) when (exception.Status == 409)
        {
            // The same form posted again.
        }
    }

    /// <summary>Deletes every note of an application (its erasure: notes are personal data about the applicant).</summary>
    public async Task ForgetAsync(string reference, CancellationToken cancellationToken)
    {
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {reference}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(reference, row.RowKey, Azure.ETag.All, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<AgentNote>> ReadAsync(string reference, CancellationToken cancellationToken)
    {
        var notes = new List<AgentNote>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {reference}"), cancellationToken: cancellationToken))
        {
            notes.Add(new AgentNote(row.GetString("Author"), row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, row.GetString("Text") ?? string.Empty));
        }

        return [.. notes.OrderBy(note => note.At)];
    }
}
