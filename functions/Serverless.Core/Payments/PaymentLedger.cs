using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Payments.PayFip;
using Serverless.Core.Procedures;
using Serverless.Core.Usage;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.Core.Payments;

/// <summary>An idOp whose result no path has read yet, as the <c>PaymentOperations</c> index holds it.</summary>
public sealed record OpenOperation(string IdOp, string Reference, DateTimeOffset CreatedAt);

/// <summary>What the citizen owes for an application: to which régie, for which debt, how much, until when.</summary>
public sealed record PaymentDue(string RegieId, string ClientNumber, int Year, string DebtReference, long AmountInCents, string Label, DateTimeOffset DueAt, PaymentMoment Moment);

/// <summary>
/// One trip to PayFiP (one idOp) and what PayFiP says became of it: its <see cref="ResultCode"/> (resultrans, or P5 for
/// a page left without choosing); <see cref="Refund"/>: paid after another payment had settled the debt.
/// </summary>
public sealed record PaymentAttempt(string IdOp, DateTimeOffset CreatedAt, PaymentOutcome Outcome, string? TransactionNumber, DateTimeOffset? TransactionTime, bool Refund, string? ResultCode = null)
{
    /// <summary>Card (P) or single direct debit (V) for a paid attempt; null otherwise.</summary>
    public PaymentMeans? Means => ResultCode switch
    {
        "P" => PaymentMeans.Card,
        "V" => PaymentMeans.DirectDebit,
        _ => null,
    };
}

/// <summary>
/// A paid payment as the <c>Payments</c> index holds it for a régie's day: PayFiP's fields of its daily report (the
/// time, refdet, amount, year, régie, authorisation number, idOp, resultrans, saisie, label) and the application's
/// (reference, procedure); <see cref="Refund"/> when the debt had been settled by another payment first.
/// </summary>
public sealed record PaidPayment(
    string IdOp,
    string Reference,
    string ProcedureId,
    string ClientNumber,
    int Year,
    string DebtReference,
    long AmountInCents,
    string? ResultCode,
    string? TransactionNumber,
    DateTimeOffset? TransactionTime,
    string? Saisie,
    string? Label,
    bool Refund);

/// <summary>An application's payment as its rows hold it: the debt, every attempt, and the one payment that settled it.</summary>
public sealed record PaymentState(PaymentDue? Due, IReadOnlyList<PaymentAttempt> Attempts, string? PaidIdOp)
{
    public static readonly PaymentState None = new(null, [], null);

    public bool Paid => PaidIdOp is not null;

    /// <summary>The latest attempt (what the citizen just did), or null.</summary>
    public PaymentAttempt? Last => Attempts.Count > 0 ? Attempts[^1] : null;

    public PaymentAttempt? Settling => Attempts.FirstOrDefault(attempt => attempt.IdOp == PaidIdOp);

    /// <summary>Attempts whose result PayFiP has not given yet (the citizen on its page, or a result never read).</summary>
    public IReadOnlyList<PaymentAttempt> Open => [.. Attempts.Where(attempt => attempt.Outcome == PaymentOutcome.Pending)];
}

/// <summary>
/// The only writer of an application's payment rows (<c>payment|due</c>, <c>payment|attempt|{idOp}</c>,
/// <c>payment|paid</c>, in the application's partition: decision 0012) and of the two indexes around them:
/// <c>PaymentOperations</c> (an idOp to its application, for PayFiP's notification) and <c>Payments</c> (the paid
/// payments by régie and Paris day, for the back office and the public accountant's reconciliation); it also counts
/// each paid payment once for the usage report (<see cref="UsageMeter.PaymentReceivedAsync"/>). Each write is
/// idempotent by construction: the debt and each attempt are conditional inserts under deterministic keys, and
/// <c>payment|paid</c> is inserted once: the first paid attempt recorded settles the debt, any later paid one is
/// flagged for refund, whichever path (notification, return page, workflow poll, sweep) records it and in any order;
/// at the deadline, unpaid, the same row is taken with no idOp (<see cref="CloseUnpaidAsync"/>), so nothing settles
/// the debt after it.
/// </summary>
public sealed class PaymentLedger(ApplicationRepository applications, StorageClients storage, UsageMeter usage, FaultInjection faults)
{
    /// <summary>The test-only crash hook's name (<c>Faults__CrashOnceAfter</c>): once per idOp, right after the attempt's outcome is written.</summary>
    public const string RecordFault = "RecordPayment";

    private const string DueKey = "due";
    private const string PaidKey = "paid";
    private const string AttemptPrefix = "attempt|";

    private readonly ApplicationRows rows = applications.Rows("payment|");
    private readonly TableClient operations = storage.Table(StorageNames.PaymentOperationsTable);
    private readonly TableClient payments = storage.Table(StorageNames.PaymentsTable);

    /// <summary>The application's payment, in one range query of its partition.</summary>
    public async Task<PaymentState> ReadAsync(string reference, CancellationToken cancellationToken)
    {
        PaymentDue? due = null;
        string? paid = null;
        var attempts = new List<PaymentAttempt>();
        await foreach (var row in rows.QueryAsync(reference, select: null, cancellationToken))
        {
            var key = rows.KeyOf(row.RowKey);
            if (key == DueKey)
            {
                due = new PaymentDue(
                    row.GetString("RegieId"), row.GetString("ClientNumber"), row.GetInt32("Year") ?? 0, row.GetString("DebtReference"),
                    row.GetInt64("AmountInCents") ?? 0, row.GetString("Label"), row.GetDateTimeOffset("DueAt") ?? DateTimeOffset.MinValue,
                    Enum.Parse<PaymentMoment>(row.GetString("Moment")));
            }
            else if (key == PaidKey)
            {
                paid = row.GetString("IdOp");
            }
            else if (key.StartsWith(AttemptPrefix, StringComparison.Ordinal))
            {
                attempts.Add(new PaymentAttempt(
                    key[AttemptPrefix.Length..], row.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
                    Enum.TryParse<PaymentOutcome>(row.GetString("Outcome"), out var outcome) ? outcome : PaymentOutcome.Pending,
                    row.GetString("TransactionNumber"), row.GetDateTimeOffset("TransactionTime"), row.GetBoolean("Refund") ?? false, row.GetString("ResultCode")));
            }
        }

        return new PaymentState(due, [.. attempts.OrderBy(attempt => attempt.CreatedAt)], paid);
    }

    /// <summary>Records the debt (once: a second run of the step finds it and keeps the first).</summary>
    public async Task<PaymentDue> PutDueAsync(string reference, PaymentDue due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        try
        {
            await rows.AddAsync(new TableEntity(reference, rows.RowKey(DueKey))
            {
                ["RegieId"] = due.RegieId,
                ["ClientNumber"] = due.ClientNumber,
                ["Year"] = due.Year,
                ["DebtReference"] = due.DebtReference,
                ["AmountInCents"] = due.AmountInCents,
                ["Label"] = due.Label,
                ["DueAt"] = due.DueAt,
                ["Moment"] = due.Moment.ToString(),
            }, cancellationToken);
            return due;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return (await ReadAsync(reference, cancellationToken)).Due!;
        }
    }

    /// <summary>
    /// A new trip to PayFiP: the idOp's index row first (a notification for it finds its application), then the attempt.
    /// A crash between leaves an index row that names an application without that attempt: the recorder then records it.
    /// </summary>
    public async Task AddAttemptAsync(string reference, string communeId, string idOp, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await operations.UpsertEntityAsync(new TableEntity(idOp, "op") { ["Reference"] = reference, ["CommuneId"] = communeId, ["Open"] = true, ["CreatedAt"] = createdAt }, TableUpdateMode.Replace, cancellationToken);
        await AddAttemptRowAsync(reference, idOp, createdAt, cancellationToken);
    }

    /// <summary>The application an idOp was created for, or null for an idOp this deployment never created.</summary>
    public async Task<string?> ReferenceOfAsync(string idOp, CancellationToken cancellationToken)
    {
        var row = await operations.GetEntityIfExistsAsync<TableEntity>(idOp, "op", cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("Reference") : null;
    }

    /// <summary>
    /// The idOps whose result was never read, created between <paramref name="notBefore"/> and <paramref name="before"/>
    /// and not put off past <paramref name="now"/> (<see cref="PutOffAsync"/>): the sweep's work, at most
    /// <paramref name="limit"/>.
    /// </summary>
    public async Task<IReadOnlyList<OpenOperation>> OpenOperationsAsync(DateTimeOffset now, DateTimeOffset before, DateTimeOffset notBefore, int limit, CancellationToken cancellationToken)
    {
        var found = new List<OpenOperation>();
        await foreach (var row in operations.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Open eq {true} and CreatedAt lt {before} and CreatedAt ge {notBefore}"), select: ["PartitionKey", "Reference", "CreatedAt", "NextLookAt"], cancellationToken: cancellationToken))
        {
            if (row.GetDateTimeOffset("NextLookAt") is { } next && next > now)
            {
                continue;
            }

            found.Add(new OpenOperation(row.PartitionKey, row.GetString("Reference"), row.GetDateTimeOffset("CreatedAt") ?? now));
            if (found.Count >= limit)
            {
                break;
            }
        }

        return found;
    }

    /// <summary>An idOp the sweep asked about without an answer: not asked again before <paramref name="nextLookAt"/>.</summary>
    public Task PutOffAsync(string idOp, DateTimeOffset nextLookAt, CancellationToken cancellationToken) =>
        operations.UpsertEntityAsync(new TableEntity(idOp, "op") { ["NextLookAt"] = nextLookAt }, TableUpdateMode.Merge, cancellationToken);

    /// <summary>Marks an idOp's result as read: the sweep no longer asks about it.</summary>
    public Task CloseOperationAsync(string idOp, LoadedApplication application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        return operations.UpsertEntityAsync(new TableEntity(idOp, "op") { ["Reference"] = application.Reference, ["CommuneId"] = application.Commune.Id, ["Open"] = false }, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// Records what PayFiP says of an attempt. A paid one settles the debt if no other did (conditional insert of
    /// <c>payment|paid</c>) and the application is not closed; otherwise it is flagged for refund. Answers whether this
    /// attempt is the one that settled it.
    /// </summary>
    public async Task<bool> RecordAsync(LoadedApplication application, PaymentDue due, PaymentResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        var reference = application.Reference;
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Outcome == PaymentOutcome.Pending)
        {
            return false;
        }

        var settles = false;
        if (result.Outcome == PaymentOutcome.Paid)
        {
            // An application already closed (withdrawn, abandoned) has no debt left to settle: a payment made then, in
            // a PayFiP tab left open, is to refund, unless it is the one that settled the debt before the close.
            settles = application.Record.StatusValue.IsFinal()
                ? (await rows.FindAsync(reference, rows.RowKey(PaidKey), ["IdOp"], cancellationToken))?.GetString("IdOp") == result.IdOp
                : await ClaimSettlementAsync(reference, result, cancellationToken);
        }

        var attempt = new TableEntity(reference, rows.RowKey(AttemptPrefix + result.IdOp))
        {
            ["Outcome"] = result.Outcome.ToString(),
            ["ResultCode"] = result.ResultCode,
            ["TransactionNumber"] = result.TransactionNumber,
            ["TransactionTime"] = result.TransactionTime,
            ["Refund"] = result.Outcome == PaymentOutcome.Paid && !settles,
        };
        if (result.Outcome == PaymentOutcome.Paid)
        {
            await payments.UpsertEntityAsync(PaymentIndexRow(application, due, result, refund: !settles), TableUpdateMode.Replace, cancellationToken);
            await usage.PaymentReceivedAsync(application.Commune.Id, result.IdOp, result.AmountInCents ?? due.AmountInCents, result.TransactionTime ?? DateTimeOffset.UtcNow, cancellationToken);
        }

        // The attempt's outcome last: until it is written the attempt is open, so whatever stopped before it (a crash,
        // a storage error) is recorded again, whole, by the next path that looks; the writes above are idempotent.
        try
        {
            await rows.MergeAllAsync([attempt], cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // Notified before its attempt row was written (a crash between the index row and the attempt): the row now.
            await AddAttemptRowAsync(reference, result.IdOp, result.TransactionTime ?? DateTimeOffset.UtcNow, cancellationToken);
            await rows.MergeAllAsync([attempt], cancellationToken);
        }

        faults.AfterSideEffect(RecordFault, result.IdOp);
        await CloseOperationAsync(result.IdOp, application, cancellationToken);
        return settles;
    }

    /// <summary>
    /// Closes the debt at its deadline, unpaid: takes <c>payment|paid</c> with no idOp, so that any payment recorded
    /// from now on (an attempt started just before the deadline, paid in a tab left open) is flagged for refund instead
    /// of settling an application about to be abandoned. Answers false when a payment settled the debt first (between
    /// the look that found none and this write): the caller then goes on as paid. Run again, it answers true again.
    /// </summary>
    public async Task<bool> CloseUnpaidAsync(string reference, CancellationToken cancellationToken)
    {
        try
        {
            await rows.AddAsync(new TableEntity(reference, rows.RowKey(PaidKey)) { ["ClosedUnpaid"] = true }, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var settled = await rows.FindAsync(reference, rows.RowKey(PaidKey), ["IdOp"], cancellationToken);
            return settled?.GetString("IdOp") is null;
        }
    }

    /// <summary>The paid payments of a régie on one Paris day (the reconciliation's unit), in idOp order: one query of one partition.</summary>
    public async Task<IReadOnlyList<PaidPayment>> PaidOnAsync(string communeId, string regieId, DateOnly day, CancellationToken cancellationToken)
    {
        var partition = PaymentsPartition(communeId, regieId, day);
        var found = new List<PaidPayment>();
        await foreach (var row in payments.QueryAsync<TableEntity>(row => row.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            found.Add(new PaidPayment(
                row.RowKey,
                row.GetString("Reference") ?? string.Empty,
                row.GetString("ProcedureId") ?? string.Empty,
                row.GetString("ClientNumber") ?? string.Empty,
                row.GetInt32("Year") ?? 0,
                row.GetString("DebtReference") ?? string.Empty,
                row.GetInt64("AmountInCents") ?? 0,
                row.GetString("ResultCode"),
                row.GetString("TransactionNumber"),
                row.GetDateTimeOffset("TransactionTime"),
                row.GetString("Saisie"),
                row.GetString("Label"),
                row.GetBoolean("Refund") ?? false));
        }

        return found;
    }

    public static string PaymentsPartition(string communeId, string regieId, DateOnly day) =>
        $"{communeId}|{regieId}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>True when this paid attempt settles the debt: the first one recorded (or this one recorded again).</summary>
    private async Task<bool> ClaimSettlementAsync(string reference, PaymentResult result, CancellationToken cancellationToken)
    {
        try
        {
            await rows.AddAsync(new TableEntity(reference, rows.RowKey(PaidKey)) { ["IdOp"] = result.IdOp, ["TransactionNumber"] = result.TransactionNumber, ["TransactionTime"] = result.TransactionTime, ["AmountInCents"] = result.AmountInCents }, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            var settled = await rows.FindAsync(reference, rows.RowKey(PaidKey), ["IdOp"], cancellationToken);
            return settled?.GetString("IdOp") == result.IdOp;
        }
    }

    private async Task AddAttemptRowAsync(string reference, string idOp, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        try
        {
            await rows.AddAsync(new TableEntity(reference, rows.RowKey(AttemptPrefix + idOp)) { ["CreatedAt"] = createdAt, ["Outcome"] = PaymentOutcome.Pending.ToString() }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            // Recorded already: an attempt is one row whatever the number of paths that record it.
        }
    }

    private static TableEntity PaymentIndexRow(LoadedApplication application, PaymentDue due, PaymentResult result, bool refund)
    {
        var day = Deadlines.LegalDeadlines.ParisDay(result.TransactionTime ?? DateTimeOffset.UtcNow);
        return new TableEntity(PaymentsPartition(application.Commune.Id, due.RegieId, day), result.IdOp)
        {
            ["Reference"] = application.Reference,
            ["ProcedureId"] = application.Procedure.Id,
            ["ClientNumber"] = due.ClientNumber,
            ["Year"] = due.Year,
            ["DebtReference"] = due.DebtReference,
            ["AmountInCents"] = result.AmountInCents ?? due.AmountInCents,
            ["ResultCode"] = result.ResultCode,
            ["TransactionNumber"] = result.TransactionNumber,
            ["TransactionTime"] = result.TransactionTime,
            ["Saisie"] = result.Saisie,
            ["Label"] = due.Label,
            ["Refund"] = refund,
        };
    }
}
