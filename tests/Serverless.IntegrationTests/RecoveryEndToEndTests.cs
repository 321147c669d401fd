using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;
using Serverless.Core.Storage;
using Serverless.Core.Workflow;

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
}
