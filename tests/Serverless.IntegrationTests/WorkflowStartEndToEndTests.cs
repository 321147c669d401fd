using System.Net;
using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.IntegrationTests;

/// <summary>
/// A submission hands its workflow's start to the start queue, sent together with its row: a start message delivered twice
/// starts nothing twice, one that comes before its row waits for it, and one whose row never came or is another
/// submission's starts nothing.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class WorkflowStartEndToEndTests(LocalHostFixture host)
{
    [Fact]
    public async Task HandleAsync_StartMessageDeliveredAgainWhileUnderReview_LeavesTheApplicationWhereItWas()
    {
        using var api = host.Client();
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        var reviewMail = await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        var durable = host.Services.Get<DurableTaskClient>();
        var instanceId = ApplicationReference.InstanceId(receipt.Reference);
        var before = await WorkflowInstances.WaitForCustomStatusAsync(durable, receipt.Reference, WorkflowNames.AwaitingReview);
        var procedure = host.Services.Get<ProcedureCatalog>().Find("school-enrolment")!;
        var duplicate = WorkflowStartMessages.Serialize(new WorkflowStartMessage(host.Services.Get<WorkflowStarter>().Input(procedure, receipt.Reference, DateTimeOffset.UtcNow), null));

        await host.Services.Get<WorkflowStartHandler>().HandleAsync(durable, duplicate, CancellationToken.None);

        var after = await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true, CancellationToken.None);
        Assert.NotNull(after);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.Equal(OrchestrationRuntimeStatus.Running, after.RuntimeStatus);
        Assert.Contains(WorkflowNames.AwaitingReview, after.SerializedCustomStatus, StringComparison.Ordinal);

        // The agent's decision still lands, and the parent heard once of the receipt and once of the decision.
        using var browser = host.Client("text/html");
        using (var decided = await browser.PostAsync(reviewMail.Link("Accepter la demande"), new FormUrlEncodedContent([])))
        {
            Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        }

        await host.Mailbox.WaitForAsync(parent, $"Demande acceptée – {receipt.Reference}");
        Assert.Single(await host.Mailbox.ToAsync(parent, "Accusé de réception"));
        Assert.Single(await host.Mailbox.ToAsync(parent, "Demande acceptée"));
    }

    [Fact]
    public async Task HandleAsync_MessageBeforeItsRow_ThrowsSoTheQueueBringsItBackAndStartsItOnceTheRowIsStored()
    {
        var (handler, durable, procedure) = Parts();
        var reference = ApplicationReference.New(procedure.ReferencePrefix, DateTime.UtcNow.Year);
        var receivedAt = DateTimeOffset.UtcNow;
        var message = StartMessage(procedure, reference, receivedAt);

        await Assert.ThrowsAsync<ApplicationNotStoredYetException>(() => handler.HandleAsync(durable, message, CancellationToken.None));
        Assert.Null(await durable.GetInstanceAsync(ApplicationReference.InstanceId(reference), CancellationToken.None));

        var parent = ApplicationClient.NewCitizenEmail();
        var row = ApplicationRepository.NewRecord(reference, procedure.Id, "fr", receivedAt, parent, new Dictionary<string, string> { ["childFirstName"] = "Tardif" }, []);
        Assert.True(await host.Services.Get<ApplicationRepository>().TryAddAsync(row, CancellationToken.None));
        await handler.HandleAsync(durable, message, CancellationToken.None);

        await host.Mailbox.WaitForAsync(parent, "Accusé de réception");
    }

    [Fact]
    public async Task HandleAsync_NoRowAfterTheWait_DropsTheMessageWithoutStartingAnything()
    {
        var (handler, durable, procedure) = Parts();
        var reference = ApplicationReference.New(procedure.ReferencePrefix, DateTime.UtcNow.Year);
        var message = StartMessage(procedure, reference, DateTimeOffset.UtcNow - WorkflowStartHandler.RowWait - TimeSpan.FromSeconds(1));

        await handler.HandleAsync(durable, message, CancellationToken.None);

        Assert.Null(await durable.GetInstanceAsync(ApplicationReference.InstanceId(reference), CancellationToken.None));
    }

    [Fact]
    public async Task HandleAsync_RowOfAnotherSubmissionUnderTheReference_DropsTheMessageWithoutStartingIt()
    {
        var (handler, durable, procedure) = Parts();
        var reference = ApplicationReference.New(procedure.ReferencePrefix, DateTime.UtcNow.Year);
        var earlier = ApplicationRepository.NewRecord(reference, procedure.Id, "fr", DateTimeOffset.UtcNow.AddMinutes(-5), ApplicationClient.NewCitizenEmail(), new Dictionary<string, string> { ["childFirstName"] = "Premier" }, []);
        Assert.True(await host.Services.Get<ApplicationRepository>().TryAddAsync(earlier, CancellationToken.None));

        await handler.HandleAsync(durable, StartMessage(procedure, reference, DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.Null(await durable.GetInstanceAsync(ApplicationReference.InstanceId(reference), CancellationToken.None));
    }

    private (WorkflowStartHandler Handler, DurableTaskClient Durable, ProcedureDefinition Procedure) Parts() =>
        (host.Services.Get<WorkflowStartHandler>(), host.Services.Get<DurableTaskClient>(), host.Services.Get<ProcedureCatalog>().Find("school-enrolment")!);

    private string StartMessage(ProcedureDefinition procedure, string reference, DateTimeOffset receivedAt) =>
        WorkflowStartMessages.Serialize(new WorkflowStartMessage(host.Services.Get<WorkflowStarter>().Input(procedure, reference, receivedAt), null));
}
