using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;
using Serverless.Tests.Fixtures;

namespace Serverless.IntegrationTests;

/// <summary>The storage classes against Azurite: the guarantees the workflow relies on (single decision, idempotent steps).</summary>
public sealed class StorageTests : IAsyncLifetime
{
    private readonly StorageClients storage = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString })
        .Build());

    /// <summary>The audit trail as the app builds it: every entry also goes to its commune's transparency log.</summary>
    private AuditTrail NewAudit()
    {
        var loader = Loader(storage);
        var log = new Core.Transparency.TransparencyLog(storage, Microsoft.Extensions.Options.Options.Create(new Serverless.Platform.Configuration.PublicUrlOptions()));
        return new AuditTrail(storage, new Core.Transparency.AuditLogAppender(log, loader, NullLogger<Core.Transparency.AuditLogAppender>.Instance), new ApplicationRepository(storage));
    }

    private static Core.Applications.ApplicationLoader Loader(StorageClients storage)
    {
        var catalog = Core.Procedures.CatalogueLoader.Load(Core.Procedures.CatalogueLoader.BundledPath);
        return new Core.Applications.ApplicationLoader(new ApplicationRepository(storage), catalog, new Core.Procedures.ProcedureVersions(catalog, new BlobFiles(storage), NullLogger<Core.Procedures.ProcedureVersions>.Instance));
    }

    private static string NewReference() => $"ECO-2026-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";

    public async Task InitializeAsync()
    {
        foreach (var table in StorageNames.Tables)
        {
            await storage.Table(table).CreateIfNotExistsAsync();
        }

        foreach (var container in StorageNames.Containers)
        {
            await storage.Container(container).CreateIfNotExistsAsync();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TryAddAsync_SameReferenceTwice_SecondIsRefusedAndFirstKept()
    {
        var repository = new ApplicationRepository(storage);
        var reference = NewReference();
        var first = ApplicationRepository.NewRecord(reference, "school-enrolment", "fr", DateTimeOffset.UtcNow, "a@example.org", new Dictionary<string, string> { ["childFirstName"] = "Léa" }, []);
        var second = ApplicationRepository.NewRecord(reference, "school-enrolment", "en", DateTimeOffset.UtcNow, "b@example.org", new Dictionary<string, string>(), []);

        Assert.True(await repository.TryAddAsync(first, CancellationToken.None));
        Assert.False(await repository.TryAddAsync(second, CancellationToken.None));

        var stored = await repository.GetAsync(reference, CancellationToken.None);
        Assert.Equal("a@example.org", stored.CitizenEmail);
        Assert.Equal("Léa", stored.Values["childFirstName"]);
    }

    [Fact]
    public async Task TransitionAsync_AllowedChangeWithColumns_KeepsOtherColumns()
    {
        var repository = new ApplicationRepository(storage);
        var writer = new ApplicationStatusWriter(repository, NewAudit(), TimeProvider.System, [], NullLogger<ApplicationStatusWriter>.Instance);
        var reference = NewReference();
        await repository.TryAddAsync(ApplicationRepository.NewRecord(reference, "school-enrolment", "fr", DateTimeOffset.UtcNow, "a@example.org", new Dictionary<string, string>(), []), CancellationToken.None);

        await writer.TransitionAsync(reference, Core.Applications.ApplicationStatus.UnderReview, CancellationToken.None);
        await writer.TransitionAsync(reference, new StatusChange(Core.Applications.ApplicationStatus.Approved) { CertificateNumber = "AT-2026-AAAAAAAAAA" }, CancellationToken.None);

        var stored = await repository.GetAsync(reference, CancellationToken.None);
        Assert.Equal("Approved", stored.Status);
        Assert.Equal("AT-2026-AAAAAAAAAA", stored.CertificateNumber);
        Assert.Equal("a@example.org", stored.CitizenEmail);
    }

    [Fact]
    public async Task TransitionAsync_StepRunsTwice_ObserversSeeTheChangeThenTheRepeatWithTheWrittenColumns()
    {
        var repository = new ApplicationRepository(storage);
        var observer = new RecordingObserver();
        var writer = new ApplicationStatusWriter(repository, NewAudit(), TimeProvider.System, [observer], NullLogger<ApplicationStatusWriter>.Instance);
        var reference = NewReference();
        await repository.TryAddAsync(ApplicationRepository.NewRecord(reference, "school-enrolment", "fr", DateTimeOffset.UtcNow, "a@example.org", new Dictionary<string, string>(), []), CancellationToken.None);
        var change = new StatusChange(Core.Applications.ApplicationStatus.UnderReview) { ReviewRound = 1 };

        await writer.TransitionAsync(reference, change, CancellationToken.None);
        await writer.TransitionAsync(reference, change, CancellationToken.None);

        Assert.Collection(
            observer.Seen,
            first => Assert.Equal((Core.Applications.ApplicationStatus.Received, Core.Applications.ApplicationStatus.UnderReview, false, "UnderReview", "a@example.org"), (first.From, first.To, first.IsRepeat, first.Row.GetString("Status"), first.Row.GetString("CitizenEmail"))),
            repeat => Assert.True(repeat.IsRepeat));
    }

    [Fact]
    public async Task MarkDeliveredAsync_RequestAppliedMeanwhile_LeavesNothingAndDoesNotFail()
    {
        var pending = new PendingRequests(storage);
        var reference = NewReference();
        await pending.RecordAsync(reference, RequestKind.Withdrawal, 0, DateTimeOffset.UtcNow, CancellationToken.None);
        var due = (await pending.DueAsync(DateTimeOffset.UtcNow.AddMinutes(1), 1000, CancellationToken.None)).Single(request => request.Reference == reference);

        await pending.CompleteAsync(reference, RequestKind.Withdrawal, 0, CancellationToken.None); // the workflow's activity
        await pending.MarkDeliveredAsync(due, DateTimeOffset.UtcNow, CancellationToken.None);       // the sweep, a moment later

        Assert.DoesNotContain(await pending.DueAsync(DateTimeOffset.UtcNow.AddMinutes(1), 1000, CancellationToken.None), request => request.Reference == reference);
    }

    private sealed class RecordingObserver : IStatusChangeObserver
    {
        public List<StatusChanged> Seen { get; } = [];

        public Task OnStatusChangedAsync(StatusChanged changed, CancellationToken cancellationToken)
        {
            Seen.Add(changed);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task TransitionAsync_FromAFinalStatus_IsRefusedAuditedAndLeavesTheRowAlone()
    {
        var repository = new ApplicationRepository(storage);
        var audit = NewAudit();
        var writer = new ApplicationStatusWriter(repository, audit, TimeProvider.System, [], NullLogger<ApplicationStatusWriter>.Instance);
        var reference = NewReference();
        await repository.TryAddAsync(ApplicationRepository.NewRecord(reference, "school-enrolment", "fr", DateTimeOffset.UtcNow, "a@example.org", new Dictionary<string, string>(), []), CancellationToken.None);
        await writer.TransitionAsync(reference, Core.Applications.ApplicationStatus.Withdrawn, CancellationToken.None);

        await Assert.ThrowsAsync<Core.Workflow.IllegalTransitionException>(() => writer.TransitionAsync(reference, Core.Applications.ApplicationStatus.Approved, CancellationToken.None));

        Assert.Equal("Withdrawn", (await repository.GetAsync(reference, CancellationToken.None)).Status);
        Assert.Contains(await audit.ReadAsync(reference, CancellationToken.None), entry => entry.Action == AuditAction.TransitionRefused && entry.Detail == "Withdrawn → Approved");
    }

    [Fact]
    public async Task RecordAsync_SameStepTwice_KeepsTheFirstEntry()
    {
        var audit = NewAudit();
        var reference = NewReference();
        var first = new AuditEntry(AuditAction.Validated, DateTimeOffset.UtcNow.AddMinutes(-1), AuditActors.System, "first");

        Assert.True(await audit.RecordAsync(reference, AuditSteps.Validation, first, CancellationToken.None));
        Assert.False(await audit.RecordAsync(reference, AuditSteps.Validation, first with { Detail = "rewritten" }, CancellationToken.None));

        var entry = Assert.Single(await audit.ReadAsync(reference, CancellationToken.None));
        Assert.Equal("first", entry.Detail);
    }

    [Fact]
    public async Task SendOnceAsync_SameStepAndRecipientTwice_SendsOneMessageWithAStableMessageId()
    {
        var mailbox = new Mailbox(TestEnvironment.MaildevUrl);
        var smtp = Microsoft.Extensions.Options.Options.Create(new Serverless.Platform.Email.SmtpOptions { Host = "127.0.0.1", Port = TestEnvironment.SmtpPort, Security = MailKit.Security.SecureSocketOptions.None, FromAddress = "ne-pas-repondre@saint-exemple.example", FromName = "Mairie" });
        using var connections = new Serverless.Platform.Email.SmtpConnections(smtp);
        var sender = new Serverless.Platform.Email.EmailSender(smtp, connections, NullLogger<Serverless.Platform.Email.EmailSender>.Instance);
        var usage = new Core.Usage.UsageMeter(storage, Loader(storage));
        var deliveries = new Serverless.Core.Outbox.EmailDeliveries(storage, smtp);
        var outbox = new Serverless.Core.Outbox.EmailOutbox(storage, sender, new Serverless.Platform.Storage.BlobFiles(storage), deliveries, usage, TimeProvider.System, new ApplicationRepository(storage));
        var reference = NewReference();
        var to = $"outbox-{Guid.NewGuid():N}@example.org";
        var message = new Serverless.Platform.Email.EmailMessage(to, $"Outbox {reference}", "<p>Bonjour</p>", "Bonjour");

        Assert.True(await outbox.SendOnceAsync(reference, "acknowledgement", message, CancellationToken.None));
        Assert.False(await outbox.SendOnceAsync(reference, "acknowledgement", message, CancellationToken.None));

        var received = await mailbox.WaitForAsync(to, reference);
        Assert.Single(await mailbox.ToAsync(to, reference));
        Assert.Contains($"acknowledgement.{reference}.", received.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryRecordAsync_TwoReviewersRace_ExactlyOneDecisionWins()
    {
        var decisions = new ReviewDecisions(storage, new ApplicationRepository(storage));
        var reference = NewReference();
        var attempts = Enumerable.Range(0, 8).Select(index =>
            decisions.TryRecordAsync(reference, 1, new RecordedDecision(index % 2 == 0 ? "Approve" : "Reject", $"agent{index}@mairie.example", string.Empty, DateTimeOffset.UtcNow), CancellationToken.None));

        var results = await Task.WhenAll(attempts);

        Assert.Single(results, result => result is null);
        var winner = await decisions.FindAsync(reference, 1, CancellationToken.None);
        Assert.All(results.Where(result => result is not null), loser => Assert.Equal(winner!.Reviewer, loser!.Reviewer));
    }

    [Fact]
    public async Task ClaimAsync_SameKeyTwice_ReturnsTheFirstReference()
    {
        var keys = new IdempotencyKeys(storage);
        var key = Guid.NewGuid().ToString();

        var first = await keys.ClaimAsync("school-enrolment", key, "ECO-2026-AAAAAA", "hash", CancellationToken.None);
        var second = await keys.ClaimAsync("school-enrolment", key, "ECO-2026-BBBBBB", "hash", CancellationToken.None);

        Assert.True(first.IsNew);
        Assert.False(second.IsNew);
        Assert.Equal("ECO-2026-AAAAAA", second.Reference);
    }

    [Fact]
    public async Task RecordAsync_SameStepTwice_LeavesOneEntry()
    {
        var audit = NewAudit();
        var reference = NewReference();

        await audit.RecordAsync(reference, "wf-020-validation", new AuditEntry(AuditAction.Validated, DateTimeOffset.UtcNow, AuditActors.System, string.Empty), CancellationToken.None);
        await audit.RecordAsync(reference, "wf-020-validation", new AuditEntry(AuditAction.Validated, DateTimeOffset.UtcNow, AuditActors.System, string.Empty), CancellationToken.None);
        await audit.RecordAsync(reference, "http-000-submitted", new AuditEntry(AuditAction.Submitted, DateTimeOffset.UtcNow.AddMinutes(-1), AuditActors.Citizen("a@example.org"), string.Empty), CancellationToken.None);

        var entries = await audit.ReadAsync(reference, CancellationToken.None);
        Assert.Equal([AuditAction.Submitted, AuditAction.Validated], entries.Select(entry => entry.Action));
    }

    [Fact]
    public async Task UploadAsync_ThenDownloadAndDelete_RoundTripsTheBytes()
    {
        var files = new BlobFiles(storage);
        var name = $"{NewReference()}/{Guid.NewGuid():N}.pdf";
        byte[] content = [.. "%PDF-1.4 test"u8];

        await files.UploadAsync(StorageNames.AttachmentsContainer, name, content, "application/pdf", CancellationToken.None);
        Assert.Equal(content, await files.DownloadAsync(StorageNames.AttachmentsContainer, name, CancellationToken.None));
        await files.DeleteAsync(StorageNames.AttachmentsContainer, name, CancellationToken.None);

        Assert.Null(await files.DownloadAsync(StorageNames.AttachmentsContainer, name, CancellationToken.None));
    }

    // Editing the catalogue changes new applications only: an application waiting for review keeps the reviewers,
    // certificate and labels of its version, read back from Azurite by a process that only knows the edited catalogue.
    [Fact]
    public async Task FindAsync_CatalogueEditedWhileAnApplicationWaits_KeepsTheVersionItWasSubmittedUnder()
    {
        var before = CatalogueLoader.Load(FixtureCatalogue.CreateFolder());
        var editedFolder = FixtureCatalogue.CreateFolder();
        var file = Path.Combine(editedFolder, "procedures", "school-enrolment.json");
        File.WriteAllText(file, File.ReadAllText(file)
            .Replace("Certificat d'inscription scolaire", "Attestation d'inscription (nouveau modèle)", StringComparison.Ordinal)
            .Replace("\"review\": { \"role\": \"education\",", "\"review\": { \"reviewers\": [\"nouvel.agent@saint-exemple.example\"],", StringComparison.Ordinal));
        var after = CatalogueLoader.Load(editedFolder);
        var files = new BlobFiles(storage);
        var repository = new ApplicationRepository(storage);
        var submittedUnder = await new ProcedureVersions(before, files, NullLogger<ProcedureVersions>.Instance).CurrentAsync(before.Find("school-enrolment")!, CancellationToken.None);
        var reference = $"ECO-2026-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        await repository.TryAddAsync(ApplicationRepository.NewRecord(reference, "school-enrolment", "fr", DateTimeOffset.UtcNow, "a@example.org", new Dictionary<string, string>(), [], submittedUnder), CancellationToken.None);

        var loader = new ApplicationLoader(repository, after, new ProcedureVersions(after, files, NullLogger<ProcedureVersions>.Instance));
        var waiting = await loader.GetAsync(reference, CancellationToken.None);

        Assert.NotEqual(submittedUnder, after.SnapshotOf("school-enrolment")!.Version);
        Assert.Equal("Certificat d'inscription scolaire", waiting.Procedure.Certificate.Title.Fr);
        Assert.Equal(["agent.scolaire@saint-exemple.example"], ProcedureCatalog.ReviewersOf(waiting.Procedure, waiting.Commune));
        Assert.Equal("Attestation d'inscription (nouveau modèle)", after.Find("school-enrolment")!.Certificate.Title.Fr);
        Assert.Equal(["nouvel.agent@saint-exemple.example"], after.ReviewersOf(after.Find("school-enrolment")!));
    }

    [Fact]
    public async Task CurrentAsync_SameDefinitionTwice_PublishesOneVersion()
    {
        var catalogue = CatalogueLoader.Load(FixtureCatalogue.CreateFolder());
        var procedure = catalogue.Find("library-membership")!;

        var first = await new ProcedureVersions(catalogue, new BlobFiles(storage), NullLogger<ProcedureVersions>.Instance).CurrentAsync(procedure, CancellationToken.None);
        var second = await new ProcedureVersions(CatalogueLoader.Load(FixtureCatalogue.CreateFolder()), new BlobFiles(storage), NullLogger<ProcedureVersions>.Instance).CurrentAsync(procedure, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.True(await storage.Container(StorageNames.CatalogueVersionsContainer).GetBlobClient(ProcedureSnapshot.BlobNameOf("library-membership", first)).ExistsAsync());
    }
}
