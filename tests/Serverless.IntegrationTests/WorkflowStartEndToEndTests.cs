using System.Net;
using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.IntegrationTests;

/// <summary>A submission hands its workflow's start to the start queue; a start message delivered twice starts nothing twice.</summary>
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
}
