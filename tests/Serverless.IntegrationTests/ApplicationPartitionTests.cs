using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Retention;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Transparency;
using Serverless.Platform.Email;

namespace Serverless.IntegrationTests;

/// <summary>
/// Decision 0012 against the local host's storage: an application's audit, outbox and decision rows in its partition
/// of <c>Applications</c>, a status change as one transaction, the leaves a crash left behind appended by the sweep,
/// and an application of the layout of before (rows in the old tables) still read, sent and erased.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class ApplicationPartitionTests(LocalHostFixture host)
{
    private const string Procedure = "school-enrolment";
    private const string Commune = "saint-exemple";

    private TableClient Applications => host.Storage.Table(StorageNames.ApplicationsTable);

    private static string NewReference() => $"ECO-2026-P{Guid.NewGuid().ToString("N")[..7].ToUpperInvariant()}";

    private async Task<ApplicationRecord> AddAsync(string reference, int layout)
    {
        var record = ApplicationRepository.NewRecord(reference, Procedure, "fr", DateTimeOffset.UtcNow, $"partition-{Guid.NewGuid():N}@example.org", new Dictionary<string, string> { ["childFirstName"] = "Léa" }, []);
        record.Layout = layout;
        Assert.True(await host.Services.Get<ApplicationRepository>().TryAddAsync(record, CancellationToken.None));
        return (await host.Services.Get<ApplicationRepository>().FindAsync(reference, CancellationToken.None))!;
    }

    private static TableEntity OutboxRow(string reference, string step) =>
        new(reference, OutboxRows.Kind + step + "|fingerprint") { ["Step"] = step, ["Recipient"] = "agent@example.org", ["State"] = OutboxRows.Pending };

    [Fact]
    public async Task CommitStepAsync_AuditRowAlreadyThere_WritesNothingTwiceAndLogsOnce()
    {
        var reference = NewReference();
        var record = await AddAsync(reference, ApplicationRecord.PartitionLayout);
        var writer = host.Services.Get<ApplicationStatusWriter>();
        var audit = host.Services.Get<AuditTrail>();
        var entry = new AuditEntry(AuditAction.ReviewRequested, DateTimeOffset.UtcNow, AuditActors.System, "agent@example.org");

        var first = await writer.CommitStepAsync(reference, record, _ => new StatusChange(ApplicationStatus.UnderReview) { ReviewRound = 1 }, [audit.NewRow(reference, AuditSteps.ReviewRequested(1), entry)], [OutboxRow(reference, "review-1")], CancellationToken.None);
        var stored = (await Applications.GetEntityAsync<TableEntity>(reference, AuditTrail.Kind + AuditSteps.ReviewRequested(1))).Value;

        // The step runs again (its activity retried): new salts, another outbox row, the same step key.
        var again = await writer.CommitStepAsync(reference, null, _ => new StatusChange(ApplicationStatus.UnderReview) { ReviewRound = 1 }, [audit.NewRow(reference, AuditSteps.ReviewRequested(1), entry with { Detail = "changed" })], [OutboxRow(reference, "review-1-again")], CancellationToken.None);

        Assert.Equal((ApplicationStatus.Received, true), first);
        Assert.Equal((ApplicationStatus.UnderReview, false), again);
        var row = (await Applications.GetEntityAsync<TableEntity>(reference, AuditTrail.Kind + AuditSteps.ReviewRequested(1))).Value;
        Assert.Equal(stored.GetString("Salt"), row.GetString("Salt"));
        Assert.Equal("agent@example.org", row.GetString("Detail"));
        Assert.True(row.GetBoolean(AuditTrail.LoggedColumn));
        var outbox = await host.Services.Get<EmailOutbox>().ListAsync(reference, CancellationToken.None);
        Assert.Equal(["review-1"], outbox.Select(message => message.Step));
        Assert.NotNull(await host.Services.Get<TransparencyLog>().FindIndexAsync(Commune, reference, AuditSteps.ReviewRequested(1), CancellationToken.None));
        Assert.Equal(ApplicationStatus.UnderReview, (await host.Services.Get<ApplicationRepository>().GetAsync(reference, CancellationToken.None)).StatusValue);
    }

    [Fact]
    public async Task CommitStepAsync_StaleETag_WritesNothingAndReadsAgain()
    {
        var reference = NewReference();
        var record = await AddAsync(reference, ApplicationRecord.PartitionLayout);
        await host.Services.Get<ApplicationRepository>().AssignAsync(reference, "someone@example.org", CancellationToken.None);
        var audit = host.Services.Get<AuditTrail>();
        var entry = new AuditEntry(AuditAction.ReviewRequested, DateTimeOffset.UtcNow, AuditActors.System, string.Empty);

        var stale = await host.Services.Get<ApplicationRepository>().CommitAsync(reference, new StatusChange(ApplicationStatus.UnderReview).Columns(), record.ETag, [audit.NewRow(reference, AuditSteps.ReviewRequested(1), entry)], [OutboxRow(reference, "review-1")], CancellationToken.None);

        Assert.Equal(StepCommit.Conflict, stale);
        Assert.Empty(await audit.StepsAsync(reference, CancellationToken.None));
        Assert.Empty(await host.Services.Get<EmailOutbox>().ListAsync(reference, CancellationToken.None));

        // Through the writer, the same stale record is read again and the step commits.
        var (_, committed) = await host.Services.Get<ApplicationStatusWriter>().CommitStepAsync(reference, record, _ => new StatusChange(ApplicationStatus.UnderReview), [audit.NewRow(reference, AuditSteps.ReviewRequested(1), entry)], [OutboxRow(reference, "review-1")], CancellationToken.None);
        Assert.True(committed);
        Assert.Equal("someone@example.org", (await host.Services.Get<ApplicationRepository>().GetAsync(reference, CancellationToken.None)).AssignedTo);
    }

    [Fact]
    public async Task CommitAsync_MoreThanOneHundredOperations_SplitsAndStaysIdempotent()
    {
        var reference = NewReference();
        await AddAsync(reference, ApplicationRecord.PartitionLayout);
        var audit = host.Services.Get<AuditTrail>();
        var repository = host.Services.Get<ApplicationRepository>();
        var entry = new AuditEntry(AuditAction.ReviewRequested, DateTimeOffset.UtcNow, AuditActors.System, string.Empty);
        List<TableEntity> Rows() => [.. Enumerable.Range(0, 130).Select(index => OutboxRow(reference, $"review-1-{index:D3}"))];

        var first = await repository.CommitAsync(reference, new StatusChange(ApplicationStatus.UnderReview).Columns(), Azure.ETag.All, [audit.NewRow(reference, "split", entry)], Rows(), CancellationToken.None);
        var again = await repository.CommitAsync(reference, new StatusChange(ApplicationStatus.UnderReview).Columns(), Azure.ETag.All, [audit.NewRow(reference, "split", entry)], Rows(), CancellationToken.None);

        Assert.Equal(StepCommit.Committed, first);
        Assert.Equal(StepCommit.AlreadyDone, again);
        Assert.Equal(130, (await host.Services.Get<EmailOutbox>().ListAsync(reference, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task SweepUnloggedAsync_CrashBetweenTransactionAndLeaf_AppendsTheLeafAndMarksTheRow()
    {
        var reference = NewReference();
        await AddAsync(reference, ApplicationRecord.PartitionLayout);
        var audit = host.Services.Get<AuditTrail>();
        var log = host.Services.Get<TransparencyLog>();
        var step = AuditSteps.ReviewRequested(1);

        // The transaction committed, then the process died: no leaf, the row says so.
        Assert.Equal(StepCommit.Committed, await host.Services.Get<ApplicationRepository>().CommitAsync(reference, new StatusChange(ApplicationStatus.UnderReview).Columns(), Azure.ETag.All, [audit.NewRow(reference, step, new AuditEntry(AuditAction.ReviewRequested, DateTimeOffset.UtcNow, AuditActors.System, "x"))], [], CancellationToken.None));
        Assert.Null(await log.FindIndexAsync(Commune, reference, step, CancellationToken.None));
        Assert.False((await Applications.GetEntityAsync<TableEntity>(reference, AuditTrail.Kind + step)).Value.GetBoolean(AuditTrail.LoggedColumn));

        var swept = await audit.SweepUnloggedAsync(TimeSpan.Zero, DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);

        Assert.True(swept >= 1);
        var index = await log.FindIndexAsync(Commune, reference, step, CancellationToken.None);
        Assert.NotNull(index);
        Assert.True((await Applications.GetEntityAsync<TableEntity>(reference, AuditTrail.Kind + step)).Value.GetBoolean(AuditTrail.LoggedColumn));

        // A second sweep finds nothing of it, and the leaf opens with the row (what the verifier checks).
        await audit.SweepUnloggedAsync(TimeSpan.Zero, DateTimeOffset.UtcNow.AddMinutes(1), CancellationToken.None);
        Assert.Equal(index, await log.FindIndexAsync(Commune, reference, step, CancellationToken.None));
        Assert.NotNull(await audit.OpeningAsync(reference, step, CancellationToken.None));
    }

    [Fact]
    public async Task Layout1Application_RowsInTheOldTables_ShowsItsTrailSendsItsEmailAndErases()
    {
        var reference = NewReference();
        var record = await AddAsync(reference, layout: 0);
        var audit = host.Services.Get<AuditTrail>();
        var citizen = record.CitizenEmail;
        await audit.RecordAsync(reference, AuditSteps.Submitted, new AuditEntry(AuditAction.Submitted, record.SubmittedAt, AuditActors.Citizen(citizen), Procedure), CancellationToken.None);
        await host.Services.Get<ReviewDecisions>().TryRecordAsync(reference, 1, new RecordedDecision("Approve", "agent@example.org", "Très bien, Léa", DateTimeOffset.UtcNow), CancellationToken.None);
        var message = new EmailMessage(citizen, $"Layout 1 {reference}", "<p>Bonjour</p>", "Bonjour");
        await host.Services.Get<EmailOutbox>().QueueOnceAsync(reference, "layout-1-probe", message, onSend: null, CancellationToken.None);

        // Where the layout of before keeps them, and nothing in the partition.
        Assert.True((await host.Storage.Table(StorageNames.AuditTrailTable).GetEntityIfExistsAsync<TableEntity>(reference, AuditSteps.Submitted)).HasValue);
        Assert.True((await host.Storage.Table(StorageNames.OutboxTable).GetEntityIfExistsAsync<TableEntity>(reference, EmailOutbox.RowKey("layout-1-probe", citizen))).HasValue);
        await foreach (var row in Applications.QueryAsync<TableEntity>(entity => entity.PartitionKey == reference))
        {
            Assert.Equal(ApplicationRecord.RowKeyValue, row.RowKey);
        }

        // Its trail shows, its queued e-mail goes out through the dispatcher, its decision reads back.
        Assert.Contains(AuditSteps.Submitted, (await audit.StepsAsync(reference, CancellationToken.None)).Keys);
        Assert.Equal("Approve", (await host.Services.Get<ReviewDecisions>().FindAsync(reference, 1, CancellationToken.None))!.Decision);
        await host.Mailbox.WaitForAsync(citizen, reference);
        await Until(async () => (await host.Services.Get<EmailOutbox>().ListAsync(reference, CancellationToken.None)).All(sent => sent.Sent));

        // Erased like any other: the old tables' rows lose the citizen, the comment and the outbox.
        await host.Services.Get<ApplicationStatusWriter>().TransitionAsync(reference, ApplicationStatus.Rejected, CancellationToken.None);
        Assert.NotNull(await host.Services.Get<ApplicationEraser>().EraseAsync(reference, ErasureReason.Request, AuditActors.System, host.Services.Get<DurableTaskClient>(), CancellationToken.None));
        var submitted = (await host.Storage.Table(StorageNames.AuditTrailTable).GetEntityAsync<TableEntity>(reference, AuditSteps.Submitted)).Value;
        Assert.Equal("citizen", submitted.GetString("Actor"));
        Assert.Equal(string.Empty, (await host.Services.Get<ReviewDecisions>().FindAsync(reference, 1, CancellationToken.None))!.Comment);
        Assert.Empty(await host.Services.Get<EmailOutbox>().ListAsync(reference, CancellationToken.None));
    }

    [Fact]
    public async Task DispatcherMarkSent_AuditRowAlreadyThere_MarksSentAndKeepsTheFirstRow()
    {
        // A copy sent after its claim ran out finds the sending audited by the other copy: the transaction of the mark
        // and the audit row answers 409, the mark is written alone and the first audit row stays as it was.
        var reference = NewReference();
        var record = await AddAsync(reference, ApplicationRecord.PartitionLayout);
        var audit = host.Services.Get<AuditTrail>();
        const string step = "acknowledgement-copy";
        Assert.True(await audit.RecordAsync(reference, step, new AuditEntry(AuditAction.AcknowledgementSent, DateTimeOffset.UtcNow, AuditActors.System, "first copy"), CancellationToken.None));
        var first = (await Applications.GetEntityAsync<TableEntity>(reference, AuditTrail.Kind + step)).Value;

        var message = new EmailMessage(record.CitizenEmail, $"Copy {reference}", "<p>Bonjour</p>", "Bonjour");
        await host.Services.Get<EmailOutbox>().QueueOnceAsync(reference, "copy-probe", message, new AuditOnSend(step, AuditAction.AcknowledgementSent, "second copy"), CancellationToken.None);
        await Until(async () => (await host.Services.Get<EmailOutbox>().ListAsync(reference, CancellationToken.None)).All(sent => sent.Sent));

        var row = (await Applications.GetEntityAsync<TableEntity>(reference, AuditTrail.Kind + step)).Value;
        Assert.Equal(first.GetString("Salt"), row.GetString("Salt"));
        Assert.Equal("first copy", row.GetString("Detail"));
        Assert.True(row.GetBoolean(AuditTrail.LoggedColumn));
        Assert.NotNull(await host.Services.Get<TransparencyLog>().FindIndexAsync(Commune, reference, step, CancellationToken.None));
    }

    [Fact]
    public async Task DispatcherMarkSent_AuditedEmail_WritesTheMarkAndTheAuditRowTogetherAndLogsIt()
    {
        var reference = NewReference();
        var record = await AddAsync(reference, ApplicationRecord.PartitionLayout);
        const string step = "acknowledgement-together";
        var message = new EmailMessage(record.CitizenEmail, $"Together {reference}", "<p>Bonjour</p>", "Bonjour");
        await host.Services.Get<EmailOutbox>().QueueOnceAsync(reference, "together-probe", message, new AuditOnSend(step, AuditAction.AcknowledgementSent, record.CitizenEmail), CancellationToken.None);
        await Until(async () => (await host.Services.Get<EmailOutbox>().ListAsync(reference, CancellationToken.None)).All(sent => sent.Sent));

        var row = (await Applications.GetEntityAsync<TableEntity>(reference, AuditTrail.Kind + step)).Value;
        Assert.Equal(nameof(AuditAction.AcknowledgementSent), row.GetString("Action"));
        await Until(async () => (await Applications.GetEntityAsync<TableEntity>(reference, AuditTrail.Kind + step)).Value.GetBoolean(AuditTrail.LoggedColumn) == true);
        Assert.NotNull(await host.Services.Get<TransparencyLog>().FindIndexAsync(Commune, reference, step, CancellationToken.None));
    }

    private static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the condition did not hold within 60 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task OldLayoutTables_ApplicationOfLayoutZero_KeepsThemUntilItIsErased()
    {
        var reference = ApplicationReference.New("ECO", DateTime.UtcNow.Year);
        var before = ApplicationRepository.NewRecord(reference, "school-enrolment", "fr", DateTimeOffset.UtcNow, ApplicationClient.NewCitizenEmail(), new Dictionary<string, string> { ["childFirstName"] = "Ancien" }, []);
        before.Layout = 0;
        Assert.True(await host.Services.Get<ApplicationRepository>().TryAddAsync(before, CancellationToken.None));
        var tables = host.Services.Get<OldLayoutTables>();

        var kept = await tables.CountAsync(int.MaxValue, CancellationToken.None);

        Assert.Contains(reference, kept.First);
        Assert.False(kept.TablesCanGo);

        // Erased at the end of its retention period (the eraser's mark on the row): it no longer needs them.
        var applications = new TableClient(TestEnvironment.StorageConnectionString, StorageNames.ApplicationsTable);
        await applications.UpdateEntityAsync(new TableEntity(reference, ApplicationRecord.RowKeyValue) { [nameof(ApplicationRecord.ErasedAt)] = DateTimeOffset.UtcNow }, Azure.ETag.All, TableUpdateMode.Merge);
        var after = await tables.CountAsync(int.MaxValue, CancellationToken.None);

        Assert.DoesNotContain(reference, after.First);
    }
}
