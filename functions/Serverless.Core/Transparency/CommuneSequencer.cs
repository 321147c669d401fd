using Azure.Data.Tables;

namespace Serverless.Core.Transparency;

/// <summary>
/// One commune's sequencer inside this process. Appends that wait at the same moment go out together in one entity
/// group transaction (the head replaced if its ETag is unchanged, then a leaf row and a key row per entry), and the
/// head this process wrote last is kept with its ETag, so an append nobody contends is one round trip. Another
/// process appending to the same commune makes that ETag stale: the batch fails with 412 and the head is read again.
/// A batch holding a step that is already in the log fails with 409 on its key row: the entries already there return
/// their earlier index and the others go again. All or nothing, as before (docs/decisions/0005-log-sequencer.md).
/// </summary>
internal sealed class CommuneSequencer(TableClient table, string commune, Func<CancellationToken, Task<LogHead>> readHead)
{
    /// <summary>One head and two rows per entry: 65 operations, within the 100 a transaction may hold.</summary>
    public const int MaxEntriesPerBatch = 32;

    private const int MaxAttempts = 100;

    private readonly Lock gate = new();
    private readonly Queue<Pending> waiting = new();
    private bool writing;
    private LogHead? lastWritten;

    private sealed record Pending(LogEntry Entry, string KeyRow, TaskCompletionSource<long> Done);

    public Task<long> AppendAsync(LogEntry entry, CancellationToken cancellationToken)
    {
        var pending = new Pending(entry, TransparencyLog.KeyRow(entry.Reference, entry.Step), new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (gate)
        {
            waiting.Enqueue(pending);
            start = !writing;
            writing = true;
        }

        if (start)
        {
            // One writer per commune: it drains what waits, then stops until the next append.
            _ = Task.Run(WriteWhileWaitingAsync, CancellationToken.None);
        }

        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task WriteWhileWaitingAsync()
    {
        while (true)
        {
            var batch = new List<Pending>(MaxEntriesPerBatch);
            lock (gate)
            {
                while (batch.Count < MaxEntriesPerBatch && waiting.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count == 0)
                {
                    writing = false;
                    return;
                }
            }

            await WriteAsync(batch);
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        // The same step twice in one batch (two runs of one activity at once): one leaf, the same index for both.
        var byKey = batch.GroupBy(pending => pending.KeyRow, StringComparer.Ordinal).ToList();
        var remaining = byKey.Select(group => group.First()).ToList();
        void Complete(Pending pending, long index)
        {
            foreach (var same in byKey.First(group => group.Key == pending.KeyRow))
            {
                same.Done.TrySetResult(index);
            }
        }

        for (var attempt = 1; remaining.Count > 0; attempt++)
        {
            try
            {
                var head = lastWritten ?? await readHead(CancellationToken.None);
                lastWritten = null;
                var (actions, newHead) = Batch(head, remaining);
                var response = await table.SubmitTransactionAsync(actions, CancellationToken.None);
                lastWritten = response.Value.Count > 0 && response.Value[0].Headers.ETag is { } etag ? newHead with { ETag = etag } : null;
                for (var offset = 0; offset < remaining.Count; offset++)
                {
                    Complete(remaining[offset], head.Size + offset);
                }

                return;
            }
            catch (TableTransactionFailedException exception) when ((exception.Status is 409 or 412) && attempt < MaxAttempts)
            {
                // The head moved (another process appended), or a step of the batch is already in the log.
                var stillToWrite = new List<Pending>(remaining.Count);
                foreach (var pending in remaining)
                {
                    var existing = await table.GetEntityIfExistsAsync<TableEntity>(commune, pending.KeyRow, select: ["Index"]);
                    if (existing.HasValue && existing.Value!.GetInt64("Index") is { } index)
                    {
                        Complete(pending, index);
                    }
                    else
                    {
                        stillToWrite.Add(pending);
                    }
                }

                remaining = stillToWrite;
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 + (attempt * 5))));
            }
            catch (Exception exception)
            {
                // Not known whether it was written: every caller fails (its activity retries and finds its key row).
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(exception);
                }

                return;
            }
        }
    }

    private (List<TableTransactionAction> Actions, LogHead NewHead) Batch(LogHead head, List<Pending> entries)
    {
        var actions = new List<TableTransactionAction>(1 + (2 * entries.Count)) { null! };
        var frontier = head.Frontier;
        var size = head.Size;
        foreach (var pending in entries)
        {
            var hash = pending.Entry.LeafHash();
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(commune, TransparencyLog.LeafRow(size)) { ["Entry"] = pending.Entry.CanonicalText(), ["Hash"] = Convert.ToHexStringLower(hash) }));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(commune, pending.KeyRow) { ["Index"] = size }));
            frontier = MerkleTree.Append(frontier, size, hash);
            size++;
        }

        var newHead = new TableEntity(commune, TransparencyLog.HeadRow)
        {
            ["Size"] = size,
            ["Frontier"] = string.Join(',', frontier.Select(Convert.ToHexStringLower)),
        };
        actions[0] = head.ETag is { } etag
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, newHead, etag)
            : new TableTransactionAction(TableTransactionActionType.Add, newHead);
        return (actions, new LogHead(size, frontier, null));
    }
}
