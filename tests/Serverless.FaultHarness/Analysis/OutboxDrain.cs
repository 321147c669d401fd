using System.Globalization;
using Azure.Data.Tables;
using Serverless.FaultHarness.Scenarios;

namespace Serverless.FaultHarness.Analysis;

/// <summary>
/// Workflow version 3 queues its e-mails: an application's page can be final while its last e-mails are still on
/// their way (a crashed host's message comes back after its visibility timeout, a refused one on its retry schedule).
/// Before the mailbox is judged, this waits until the <c>Outbox</c> table holds no pending row of an accepted
/// application, or the bound passes; what is still pending then is judged as it is (lost, if it never came).
/// </summary>
public static class OutboxDrain
{
    public static async Task WaitAsync(ScenarioRun run, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(run);
        var accepted = run.Accepted.Select(submission => submission.Reference!).ToHashSet(StringComparer.Ordinal);
        // Applications of before in the Outbox table, and since decision 0012 in their own partition of Applications.
        var tables = new[] { new TableClient(run.Bed.Storage.ConnectionString, "Outbox"), new TableClient(run.Bed.Storage.ConnectionString, "Applications") };
        var started = DateTimeOffset.UtcNow;
        var pending = await PendingAsync(tables, accepted);
        while (pending > 0 && DateTimeOffset.UtcNow - started < bound)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            pending = await PendingAsync(tables, accepted);
        }

        var waited = (DateTimeOffset.UtcNow - started).TotalSeconds;
        run.Finding(pending == 0
            ? string.Create(CultureInfo.InvariantCulture, $"every queued e-mail was sent {waited:F1} s after the pages were final")
            : string.Create(CultureInfo.InvariantCulture, $"{pending} queued e-mails still pending {waited:F1} s after the pages were final"));
    }

    private static async Task<int> PendingAsync(TableClient[] tables, HashSet<string> accepted)
    {
        var pending = 0;
        foreach (var table in tables)
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter: "State eq 'Pending'", select: ["PartitionKey"]))
            {
                pending += accepted.Contains(row.PartitionKey) ? 1 : 0;
            }
        }

        return pending;
    }
}
