using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Retention;
using Serverless.Core.Workflow;

namespace Serverless.IntegrationTests.Privacy;

/// <summary>
/// Finished instances do not accumulate in the task hub: a decided application's instance is scheduled for purge at
/// its decision plus the grace period, the retention pass purges it, and nothing that comes late — a start message put
/// back from the poison queue, a start request the sweeper finds — starts the decided application again.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class WorkflowPurgeTests(LocalHostFixture host)
{
    [Fact]
    public async Task RetentionPass_DecidedApplicationPastItsGrace_PurgesItsInstanceAndNoLateStartBringsItBack()
    {
        var issued = await CertificateFlow.ApproveAsync(host);
        var reference = issued.Receipt.Reference;
        var instanceId = ApplicationReference.InstanceId(reference);
        var durable = host.Services.Get<DurableTaskClient>();
        var index = host.Services.Get<RetentionIndex>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await durable.GetInstanceAsync(instanceId))?.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            Assert.True(DateTime.UtcNow < deadline, "the workflow did not end");
            await Task.Delay(250);
        }

        // The decision scheduled the purge after the grace period (7 days by default), not before.
        var decidedAt = (await index.FindScheduleAsync(reference, CancellationToken.None))!.DecidedAt;
        var grace = new RetentionOptions().WorkflowPurgeGrace;
        Assert.DoesNotContain(await index.DueAsync(RetentionStep.PurgeWorkflow, decidedAt + grace - TimeSpan.FromMinutes(1), CancellationToken.None), row => row.Reference == reference);
        Assert.Contains(await index.DueAsync(RetentionStep.PurgeWorkflow, decidedAt + grace, CancellationToken.None), row => row.Reference == reference);

        // As if the grace had passed: the retention pass purges the instance and its due row.
        await index.SchedulePurgeAsync(reference, DateTimeOffset.UtcNow, CancellationToken.None);
        await host.Services.Get<RetentionSweep>().RunAsync(durable, CancellationToken.None);
        Assert.Null(await durable.GetInstanceAsync(instanceId));
        Assert.DoesNotContain(await index.DueAsync(RetentionStep.PurgeWorkflow, DateTimeOffset.UtcNow, CancellationToken.None), row => row.Reference == reference);

        // A late start message and a stale start request find a decided application: nothing starts.
        var procedure = host.Services.Get<ProcedureCatalog>().Find("school-enrolment")!;
        var submittedAt = (await host.Services.Get<ApplicationRepository>().FindAsync(reference, CancellationToken.None))!.SubmittedAt;
        var input = host.Services.Get<WorkflowStarter>().Input(procedure, reference, submittedAt);
        await host.Services.Get<WorkflowStartHandler>().HandleAsync(durable, WorkflowStartMessages.Serialize(new WorkflowStartMessage(input, null)), CancellationToken.None);
        await host.Services.Get<PendingRequests>().RecordAsync(reference, RequestKind.Start, 0, DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        await host.Services.Get<RequestSweeper>().SweepAsync(durable, CancellationToken.None);

        Assert.Null(await durable.GetInstanceAsync(instanceId));
        Assert.False(await host.Services.Get<PendingRequests>().ExistsAsync(reference, RequestKind.Start, 0, CancellationToken.None));
        Assert.Equal("Approved", (await host.Services.Get<ApplicationRepository>().FindAsync(reference, CancellationToken.None))!.Status);
    }
}
