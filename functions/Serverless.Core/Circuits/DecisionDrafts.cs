using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Core.Applications;

namespace Serverless.Core.Circuits;

/// <summary>One version of a decision's text: who wrote it, when, why (null for the first draft from the template).</summary>
public sealed record DecisionVersion(int Number, string Title, string Body, string Author, DateTimeOffset At, string? Reason);

/// <summary>A decision's versions and actions, in key order (version 1 first; passes and steps in order).</summary>
public sealed record DecisionHistory(IReadOnlyList<DecisionVersion> Versions, IReadOnlyList<RecordedCircuitAction> Actions)
{
    public RecordedCircuitAction? ActionAt(int pass, int step) => Actions.FirstOrDefault(action => action.Pass == pass && action.Step == step);
}

/// <summary>
/// An action recorded at one step of one pass of the circuit: first writer wins (a conditional insert), so a link used
/// twice, two visa holders acting together or a replayed form decide once. <see cref="Title"/> and <see cref="Body"/>
/// carry the text of a submitted or amended draft; <see cref="SecondFactor"/> how a signature's second factor was checked.
/// </summary>
public sealed record RecordedCircuitAction(int Pass, int Step, CircuitAction Action, string Actor, string ActorName, DateTimeOffset At, string Comment)
{
    public string? Title { get; init; }

    public string? Body { get; init; }

    /// <summary>For a signature: the quality printed with it (the delegation's mention when a deputy signs).</summary>
    public string? Capacity { get; init; }

    public string? SecondFactor { get; init; }
}

/// <summary>
/// The owner of the circuit's rows in the application's partition (decision 0012: <c>circuit|</c>): every version of
/// the decision's text, the action of each step (single use), and the one-time codes of signatures. Versions and
/// actions are never changed once written: they are the decision's history. Erasure forgets them all.
/// </summary>
public sealed class DecisionDrafts(ApplicationRepository applications)
{
    public const string Kind = "circuit|";

    private readonly ApplicationRows rows = applications.Rows(Kind);

    public static string VersionKey(int number) => $"version|{number:D3}";

    public static string ActionKey(int pass, int step) => $"action|{pass:D3}|{step:D2}";

    public static string CodeKey(int pass, int step, string actor) => $"code|{pass:D3}|{step:D2}|{Fingerprint.Of(actor.ToLowerInvariant())}";

    /// <summary>Adds the version unless it exists (a retried step writes it once); true when this call wrote it.</summary>
    public async Task<bool> AddVersionAsync(string reference, DecisionVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        return await TryAddAsync(VersionRow(reference, version), cancellationToken);
    }

    /// <summary>The row of a version, for a step that writes it in its own transaction.</summary>
    public TableEntity VersionRow(string reference, DecisionVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new TableEntity(reference, rows.RowKey(VersionKey(version.Number)))
        {
            ["Title"] = version.Title,
            ["Body"] = version.Body,
            ["Author"] = version.Author,
            ["At"] = version.At,
            ["Reason"] = version.Reason,
        };
    }

    public async Task<IReadOnlyList<DecisionVersion>> VersionsAsync(string reference, CancellationToken cancellationToken) =>
        (await HistoryAsync(reference, cancellationToken)).Versions;

    /// <summary>
    /// Every version and every action of every pass, in order: the decision's history, read in one range query of the
    /// application's partition (the codes' rows are skipped).
    /// </summary>
    public async Task<DecisionHistory> HistoryAsync(string reference, CancellationToken cancellationToken)
    {
        var versions = new List<DecisionVersion>();
        var actions = new List<RecordedCircuitAction>();
        await foreach (var row in rows.QueryAsync(reference, select: null, cancellationToken))
        {
            switch (rows.KeyOf(row.RowKey).Split('|'))
            {
                case ["version", var number]:
                    versions.Add(new DecisionVersion(
                        int.Parse(number, CultureInfo.InvariantCulture),
                        row.GetString("Title") ?? string.Empty,
                        row.GetString("Body") ?? string.Empty,
                        row.GetString("Author") ?? string.Empty,
                        row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                        row.GetString("Reason")));
                    break;
                case ["action", var pass, var step]:
                    actions.Add(ToAction(int.Parse(pass, CultureInfo.InvariantCulture), int.Parse(step, CultureInfo.InvariantCulture), row));
                    break;
            }
        }

        return new DecisionHistory(versions, actions);
    }

    /// <summary>Records the action; null when this call recorded it, else the action recorded first (nothing changed).</summary>
    public async Task<RecordedCircuitAction?> TryRecordAsync(string reference, RecordedCircuitAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var row = new TableEntity(reference, rows.RowKey(ActionKey(action.Pass, action.Step)))
        {
            ["Action"] = action.Action.ToString(),
            ["Actor"] = action.Actor,
            ["ActorName"] = action.ActorName,
            ["At"] = action.At,
            ["Comment"] = action.Comment,
            ["Title"] = action.Title,
            ["Body"] = action.Body,
            ["Capacity"] = action.Capacity,
            ["SecondFactor"] = action.SecondFactor,
        };
        return await TryAddAsync(row, cancellationToken) ? null : await FindActionAsync(reference, action.Pass, action.Step, cancellationToken);
    }

    public async Task<RecordedCircuitAction?> FindActionAsync(string reference, int pass, int step, CancellationToken cancellationToken) =>
        await rows.FindAsync(reference, rows.RowKey(ActionKey(pass, step)), select: null, cancellationToken) is { } row ? ToAction(pass, step, row) : null;

    /// <summary>
    /// Keeps a signature's one-time code (its salted hash, never the code), replacing an earlier one of the same person
    /// and step; <paramref name="issued"/> counts the codes sent for the step, so a link cannot send mail without end.
    /// </summary>
    public async Task SaveCodeAsync(string reference, int pass, int step, string actor, string codeHash, DateTimeOffset expiresAt, int issued, CancellationToken cancellationToken) =>
        await rows.ReplaceAsync(
            new TableEntity(reference, rows.RowKey(CodeKey(pass, step, actor))) { ["CodeHash"] = codeHash, ["ExpiresAt"] = expiresAt, ["Attempts"] = 0, ["Issued"] = issued },
            cancellationToken);

    public Task<TableEntity?> FindCodeAsync(string reference, int pass, int step, string actor, CancellationToken cancellationToken) =>
        rows.FindAsync(reference, rows.RowKey(CodeKey(pass, step, actor)), select: null, cancellationToken);

    /// <summary>Counts a wrong attempt, conditional on the row read (two wrong attempts at once count twice).</summary>
    public async Task<bool> CountAttemptAsync(TableEntity code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(code);
        var counted = new TableEntity(code.PartitionKey, code.RowKey) { ["Attempts"] = (code.GetInt32("Attempts") ?? 0) + 1 };
        try
        {
            await rows.UpdateAsync(counted, code.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 412 or 404)
        {
            return false;
        }
    }

    /// <summary>Erasure: every row of the circuit (texts, comments, codes) goes; the audit rows keep the history's shape.</summary>
    public async Task<int> ForgetAsync(string reference, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var row in rows.QueryAsync(reference, select: ["RowKey"], cancellationToken))
        {
            keys.Add(row.RowKey);
        }

        foreach (var key in keys)
        {
            try
            {
                await rows.DeleteAsync(reference, key, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // Removed by an earlier run.
            }
        }

        return keys.Count;
    }

    private async Task<bool> TryAddAsync(TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await rows.AddAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return false;
        }
    }

    private static RecordedCircuitAction ToAction(int pass, int step, TableEntity row) =>
        new(pass, step, Enum.Parse<CircuitAction>(row.GetString("Action")), row.GetString("Actor") ?? string.Empty, row.GetString("ActorName") ?? string.Empty, row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue, row.GetString("Comment") ?? string.Empty)
        {
            Title = row.GetString("Title"),
            Body = row.GetString("Body"),
            Capacity = row.GetString("Capacity"),
            SecondFactor = row.GetString("SecondFactor"),
        };
}
