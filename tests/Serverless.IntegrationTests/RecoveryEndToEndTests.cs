using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.IntegrationTests;

/// <summary>No lost submission: a stored application whose workflow never started (the process died in between) is started by the sweeper.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class RecoveryEndToEndTests(LocalHostFixture host)
{
    [Fact]
    public async Task SweepAsync_ApplicationStoredWithoutWorkflow_StartsItOnceAndTheCitizenHearsFromUs()
    {
        var parent = ApplicationClient.NewCitizenEmail();
        var reference = ApplicationReference.New("ECO", DateTime.UtcNow.Year);
        var values = ApplicationClient.Fields(parent);
        values["parentPhone"] = "0612345678";
        var submittedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        var record = ApplicationRepository.NewRecord(reference, "school-enrolment", "fr", submittedAt, parent, values, []);
        Assert.True(await host.Services.Get<ApplicationRepository>().TryAddAsync(record, CancellationToken.None));
        await host.Services.Get<PendingRequests>().RecordAsync(reference, RequestKind.Start, 0, submittedAt, CancellationToken.None);
        var sweeper = host.Services.Get<RequestSweeper>();
        var durable = host.Services.Get<DurableTaskClient>();

        var first = await sweeper.SweepAsync(durable, CancellationToken.None);
        var second = await sweeper.SweepAsync(durable, CancellationToken.None);

        Assert.True(first >= 1);
        Assert.Equal(0, second);
        await host.Mailbox.WaitForAsync(parent, $"Accusé de réception – Inscription scolaire – {reference}");
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, reference);
        var audit = await host.Services.Get<AuditTrail>().ReadAsync(reference, CancellationToken.None);
        Assert.Contains(audit, entry => entry.Action == AuditAction.WorkflowRecovered);
    }

    [Fact]
    public async Task SweepAsync_DecisionRecordedButItsEventLost_DeliversItAndTheCitizenGetsTheCertificate()
    {
        using var api = host.Client();
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        var durable = host.Services.Get<DurableTaskClient>();
        await WorkflowInstances.WaitForCustomStatusAsync(durable, receipt.Reference, WorkflowNames.AwaitingReview);

        // What a review page leaves when its process dies after recording the decision and before raising the event.
        var decidedAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        await host.Services.Get<PendingRequests>().RecordAsync(receipt.Reference, RequestKind.Decision, 1, decidedAt, CancellationToken.None);
        await host.Services.Get<ReviewDecisions>().TryRecordAsync(receipt.Reference, 1, new RecordedDecision("Approve", LocalHostFixture.Reviewer, string.Empty, decidedAt), CancellationToken.None);

        // At least this one: test classes running beside this one share the storage account, and the sweeper delivers
        // every pending request it finds old enough (what this application's citizen notices is checked below).
        var swept = await host.Services.Get<RequestSweeper>().SweepAsync(durable, CancellationToken.None);
        Assert.True(swept >= 1, $"swept {swept}");

        await host.Mailbox.WaitForAsync(parent, $"Demande acceptée – {receipt.Reference}");
        var status = await ApplicationClient.StatusAsync(api, receipt);
        Assert.Equal("Approved", status.Status);
        Assert.False(await host.Services.Get<PendingRequests>().ExistsAsync(receipt.Reference, RequestKind.Decision, 1, CancellationToken.None));
        var audit = await host.Services.Get<AuditTrail>().ReadAsync(receipt.Reference, CancellationToken.None);
        Assert.Contains(audit, entry => entry.Action == AuditAction.Approved && entry.Actor == AuditActors.Agent(LocalHostFixture.Reviewer));
    }

    [Fact]
    public async Task SweepAsync_SubmissionDiedBeforeItsRowWasStored_RemovesItsAttachments()
    {
        // What a submission leaves when its process dies after uploading the files and before storing the row.
        var reference = ApplicationReference.New("ECO", DateTime.UtcNow.Year);
        var files = host.Services.Get<BlobFiles>();
        await host.Services.Get<PendingRequests>().RecordAsync(reference, RequestKind.Start, 0, DateTimeOffset.UtcNow.AddMinutes(-10), CancellationToken.None);
        await files.UploadAsync(StorageNames.AttachmentsContainer, $"{reference}/{Guid.NewGuid():N}.pdf", ApplicationClient.ProofPdf, "application/pdf", CancellationToken.None);

        await host.Services.Get<RequestSweeper>().SweepAsync(host.Services.Get<DurableTaskClient>(), CancellationToken.None);

        Assert.Equal(0, await files.DeletePrefixAsync(StorageNames.AttachmentsContainer, reference + "/", CancellationToken.None));
        Assert.False(await host.Services.Get<PendingRequests>().ExistsAsync(reference, RequestKind.Start, 0, CancellationToken.None));
        Assert.Null(await host.Services.Get<DurableTaskClient>().GetInstanceAsync(ApplicationReference.InstanceId(reference), CancellationToken.None));
    }
}
