using System.Net;
using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Workflow;

namespace Serverless.IntegrationTests;

/// <summary>A host whose request sweeper runs every second on requests a second old, so a redelivery is seen at once.</summary>
public sealed class LostWorkflowFixture : LocalHostFixture
{
    protected override void Adjust(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Recovery:Interval"] = "00:00:01";
        settings["Recovery:MinimumAge"] = "00:00:01";
    }
}

/// <summary>
/// No pending application without a live workflow: instances terminated, or terminated and purged (as a purge of the
/// task hub or its recreation leaves them), while their applications are under review come back from the recorded
/// state with a visible incident and the administrator told; a decision taken while the instance was gone is applied;
/// nobody is e-mailed twice; and a decided application whose instance is purged is left alone.
/// </summary>
public sealed class LostWorkflowTests(LostWorkflowFixture host) : IClassFixture<LostWorkflowFixture>
{
    private const string Administrator = "informatique@saint-exemple.example";

    [Fact]
    public async Task SweepAsync_InstancesTerminatedAndPurgedUnderReview_ComeBackAndTheirDecisionsComplete()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var durable = host.Services.Get<DurableTaskClient>();
        var sweep = host.Services.Get<LostWorkflowSweep>();
        var waitingParent = ApplicationClient.NewCitizenEmail();
        var purgedParent = ApplicationClient.NewCitizenEmail();
        var bulkParent = ApplicationClient.NewCitizenEmail();
        var waiting = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(waitingParent)));
        var purged = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(purgedParent)));
        var bulk = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(bulkParent)));
        var mine = new HashSet<string>([waiting.Reference, purged.Reference, bulk.Reference], StringComparer.Ordinal);
        foreach (var reference in mine)
        {
            await WorkflowInstances.WaitForCustomStatusAsync(durable, reference, WorkflowNames.AwaitingReview);
            await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, reference);
        }

        var dueBefore = (await ApplicationClient.StatusAsync(api, waiting)).DecisionDueAt;
        Assert.Equal(new LostWorkflowSweepResult(3, 0, 0), await sweep.SweepAsync(durable, mine.Contains, CancellationToken.None));

        // Lost: two terminated (as after the 200 incident retries an instance fails), one terminated then purged (as a
        // purge of the task hub, or its recreation, leaves it).
        foreach (var reference in mine)
        {
            await durable.TerminateInstanceAsync(ApplicationReference.InstanceId(reference), "test: lost under review");
            await WaitForRuntimeStatusAsync(durable, reference, OrchestrationRuntimeStatus.Terminated);
        }

        await durable.PurgeInstanceAsync(ApplicationReference.InstanceId(purged.Reference));
        Assert.Null(await durable.GetInstanceAsync(ApplicationReference.InstanceId(purged.Reference)));

        // While their instances are gone, agents decide: by the e-mail link, and in bulk from the back office. Both are
        // recorded, not refused as "closed".
        var link = host.Services.Get<ReviewTokens>().Issue(new ReviewGrant(purged.Reference, 1, LocalHostFixture.Reviewer, ReviewAction.Approve, DateTimeOffset.UtcNow.AddDays(1)));
        using (var decided = await browser.PostAsync("/api/" + Routes.ReviewPath(link), new FormUrlEncodedContent([new("comment", string.Empty)])))
        {
            var page = WebUtility.HtmlDecode(await decided.Content.ReadAsStringAsync());
            Assert.True(decided.StatusCode == HttpStatusCode.OK, page);
            Assert.Contains("Décision enregistrée", page, StringComparison.Ordinal);
        }

        using var agent = await AgentClient.SignInAsync(host, Administrator);
        await agent.GetAsync("/api/agent");
        using (var inBulk = await agent.PostAsync("/api/agent/bulk", [("ref", bulk.Reference), ("action", "approve"), ("comment", string.Empty)]))
        {
            Assert.Contains("1 décision(s) enregistrée(s)", WebUtility.HtmlDecode(await inBulk.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        var first = await sweep.SweepAsync(durable, mine.Contains, CancellationToken.None);

        Assert.Equal(new LostWorkflowSweepResult(3, 3, 0), first);
        // The undecided one waits for its agent again, in round 1, with the deadline it had, its incident on its page.
        await WorkflowInstances.WaitForCustomStatusAsync(durable, waiting.Reference, WorkflowNames.AwaitingReview);
        var back = await ApplicationClient.WaitForStatusAsync(api, waiting, status => status.History.Any(item => item.Action == nameof(AuditAction.IncidentResolved)));
        Assert.Equal("UnderReview", back.Status);
        Assert.Equal(dueBefore, back.DecisionDueAt);
        Assert.Contains(back.History, item => item.Action == nameof(AuditAction.IncidentOpened));
        Assert.Contains(back.History, item => item.Action == nameof(AuditAction.WorkflowRecovered));
        // The two decided while lost apply their decisions; their parents get the certificate.
        foreach (var (receipt, parent) in new[] { (purged, purgedParent), (bulk, bulkParent) })
        {
            await host.Mailbox.WaitForAsync(parent, $"Demande acceptée – {receipt.Reference}");
            Assert.Equal("Approved", (await ApplicationClient.WaitForStatusAsync(api, receipt, status => status.Status == "Approved")).Status);
        }

        foreach (var reference in mine)
        {
            await host.Mailbox.WaitForAsync(Administrator, $"[Incident] Demande {reference} : traitement relancé");
            // The reviewer's request of round 1 went once, before the loss, not again on the restart.
            Assert.Single(await host.Mailbox.ToAsync(LocalHostFixture.Reviewer, $"[À instruire] Inscription scolaire – {reference}"));
            Assert.Contains(AuditSteps.WorkflowLost(1), (await host.Services.Get<AuditTrail>().StepsAsync(reference, CancellationToken.None)).Keys);
        }

        // Restarted once: the next sweep finds them alive (or decided) and does nothing.
        Assert.Equal(0, (await sweep.SweepAsync(durable, mine.Contains, CancellationToken.None)).Restarted);

        // Decided, then its instance purged as retention does: never restarted.
        await WaitForRuntimeStatusAsync(durable, purged.Reference, OrchestrationRuntimeStatus.Completed);
        await durable.PurgeInstanceAsync(ApplicationReference.InstanceId(purged.Reference));
        Assert.Equal(0, (await sweep.SweepAsync(durable, mine.Contains, CancellationToken.None)).Restarted);
        Assert.Null(await durable.GetInstanceAsync(ApplicationReference.InstanceId(purged.Reference)));
    }

    [Fact]
    public async Task SweepAsync_WorkflowLostMoreTimesThanAllowed_TellsTheAdministratorOnceAndLeavesItToAPerson()
    {
        using var api = host.Client();
        var durable = host.Services.Get<DurableTaskClient>();
        var sweep = host.Services.Get<LostWorkflowSweep>();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        await WorkflowInstances.WaitForCustomStatusAsync(durable, receipt.Reference, WorkflowNames.AwaitingReview);
        var audit = host.Services.Get<AuditTrail>();
        for (var restart = 1; restart <= WorkflowResume.MaxRestarts; restart++)
        {
            // As if restarted that many times already (each restart leaves its audit entry).
            await audit.RecordAsync(receipt.Reference, AuditSteps.WorkflowLost(restart), new AuditEntry(AuditAction.WorkflowRecovered, DateTimeOffset.UtcNow, AuditActors.System, "test"), CancellationToken.None);
        }

        await durable.TerminateInstanceAsync(ApplicationReference.InstanceId(receipt.Reference), "test: lost again");
        await WaitForRuntimeStatusAsync(durable, receipt.Reference, OrchestrationRuntimeStatus.Terminated);
        bool Only(string reference) => reference == receipt.Reference;

        Assert.Equal(new LostWorkflowSweepResult(1, 0, 1), await sweep.SweepAsync(durable, Only, CancellationToken.None));
        Assert.Equal(new LostWorkflowSweepResult(1, 0, 1), await sweep.SweepAsync(durable, Only, CancellationToken.None));

        var notice = await host.Mailbox.WaitForAsync(Administrator, $"[Incident] Demande {receipt.Reference} : intervention nécessaire");
        Assert.Contains("already restarted", notice.Text, StringComparison.Ordinal);
        Assert.Single(await host.Mailbox.ToAsync(Administrator, $"[Incident] Demande {receipt.Reference}"));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await durable.GetInstanceAsync(ApplicationReference.InstanceId(receipt.Reference)))!.RuntimeStatus);
    }

    [Fact]
    public async Task SweepAsync_LostApplicationOfAProcedureWithASignatureCircuit_LeftToAPersonNeverApprovedUnsigned()
    {
        using var api = host.Client();
        var durable = host.Services.Get<DurableTaskClient>();
        var sweep = host.Services.Get<LostWorkflowSweep>();
        var receipt = await Circuits.CircuitClient.SubmitEmergencyAidAsync(api, ApplicationClient.NewCitizenEmail());
        await WorkflowInstances.WaitForCustomStatusAsync(durable, receipt.Reference, WorkflowNames.AwaitingReview);
        await durable.TerminateInstanceAsync(ApplicationReference.InstanceId(receipt.Reference), "test: lost under review");
        await WaitForRuntimeStatusAsync(durable, receipt.Reference, OrchestrationRuntimeStatus.Terminated);
        bool Only(string reference) => reference == receipt.Reference;

        Assert.Equal(new LostWorkflowSweepResult(1, 0, 1), await sweep.SweepAsync(durable, Only, CancellationToken.None));

        var notice = await host.Mailbox.WaitForAsync(Administrator, $"[Incident] Demande {receipt.Reference} : intervention nécessaire");
        Assert.Contains("signature circuit", notice.Text, StringComparison.Ordinal);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, (await durable.GetInstanceAsync(ApplicationReference.InstanceId(receipt.Reference)))!.RuntimeStatus);
    }

    private static async Task WaitForRuntimeStatusAsync(DurableTaskClient durable, string reference, OrchestrationRuntimeStatus expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await durable.GetInstanceAsync(ApplicationReference.InstanceId(reference), timeout.Token))?.RuntimeStatus != expected)
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
