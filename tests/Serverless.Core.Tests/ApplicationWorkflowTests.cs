using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Serverless.Core.Review;
using Serverless.Core.Workflow;

namespace Serverless.Core.Tests;

/// <summary>
/// The orchestrator's logic on the in-memory Durable Task backend, with activities replaced by recorders (the real
/// activities are exercised end to end in the integration tests).
/// </summary>
public sealed class ApplicationWorkflowTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> calls = new();
    private DurableTaskTestHost host = null!;
    private bool failValidation;

    public async Task InitializeAsync() =>
        host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<ApplicationWorkflowInput, ApplicationOutcome>(
                WorkflowNames.ApplicationWorkflow,
                (context, input) => ApplicationWorkflow.RunAsync(context, input));
            registry.AddActivityFunc<string, bool>(ActivityNames.AcknowledgeReceipt, (_, reference) => Record($"ack:{reference}"));
            registry.AddActivityFunc<string, ValidationOutcome>(ActivityNames.ValidateApplication, (_, reference) =>
            {
                Record($"validate:{reference}");
                return failValidation ? new ValidationOutcome(false, ["L'enfant doit avoir entre 2 et 11 ans."]) : new ValidationOutcome(true, []);
            });
            registry.AddActivityFunc<ReviewRequest, bool>(ActivityNames.RequestReview, (_, request) => Record($"review:{request.Round}"));
            registry.AddActivityFunc<ReviewRequest, bool>(ActivityNames.SendReviewReminder, (_, request) => Record($"reminder:{request.ReminderNumber}"));
            registry.AddActivityFunc<CertificateRequest, IssuedCertificate>(ActivityNames.IssueCertificate, (_, request) =>
            {
                Record($"certificate:{request.Number}");
                return new IssuedCertificate(request.Number, "abc");
            });
            registry.AddActivityFunc<CitizenNotice, bool>(ActivityNames.NotifyCitizen, (_, notice) => Record($"notify:{(notice.Approved ? "approved" : "rejected")}:{notice.Reason}"));
        });

    public async Task DisposeAsync() => await host.DisposeAsync();

    private bool Record(string call)
    {
        calls.Enqueue(call);
        return true;
    }

    private async Task<string> StartAsync(TimeSpan reminderAfter, int maxReminders)
    {
        var reference = $"ECO-2026-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var input = new ApplicationWorkflowInput(reference, "school-enrolment", reminderAfter, maxReminders);
        return await host.Client.ScheduleNewOrchestrationInstanceAsync(WorkflowNames.ApplicationWorkflow, input, new StartOrchestrationOptions($"application-{reference}"));
    }

    private async Task WaitUntilAwaitingReviewAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var instance = await host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            if (instance?.SerializedCustomStatus?.Contains(WorkflowNames.AwaitingReview, StringComparison.Ordinal) == true)
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private async Task<ApplicationOutcome> CompletionAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var metadata = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return metadata.ReadOutputAs<ApplicationOutcome>()!;
    }

    [Fact]
    public async Task RunAsync_AgentApproves_IssuesCertificateThenNotifiesCitizen()
    {
        var instanceId = await StartAsync(TimeSpan.FromHours(1), 3);
        await WaitUntilAwaitingReviewAsync(instanceId);

        await host.Client.RaiseEventAsync(instanceId, WorkflowNames.ReviewDecisionEvent, new ReviewDecisionEvent(ReviewAction.Approve, "agent@mairie.example", "Bienvenue", DateTimeOffset.UtcNow));
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal("Approved", outcome.Status);
        Assert.Matches("^AT-[0-9]{4}-[2-9A-Z]{10}$", outcome.CertificateNumber);
        var steps = calls.Select(call => call.Split(':')[0]).ToList();
        Assert.Equal(["ack", "validate", "review", "certificate", "notify"], steps);
        Assert.Contains("notify:approved:Bienvenue", calls);
    }

    [Fact]
    public async Task RunAsync_AgentRejects_NotifiesCitizenWithReasonAndIssuesNothing()
    {
        var instanceId = await StartAsync(TimeSpan.FromHours(1), 3);
        await WaitUntilAwaitingReviewAsync(instanceId);

        await host.Client.RaiseEventAsync(instanceId, WorkflowNames.ReviewDecisionEvent, new ReviewDecisionEvent(ReviewAction.Reject, "agent@mairie.example", "Adresse hors secteur", DateTimeOffset.UtcNow));
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal("Rejected", outcome.Status);
        Assert.Null(outcome.CertificateNumber);
        Assert.DoesNotContain(calls, call => call.StartsWith("certificate", StringComparison.Ordinal));
        Assert.Contains("notify:rejected:Adresse hors secteur", calls);
    }

    [Fact]
    public async Task RunAsync_NoDecisionWithinDelay_RemindsReviewersThenStillAcceptsTheDecision()
    {
        var instanceId = await StartAsync(TimeSpan.FromSeconds(1), 2);
        await WaitUntilAwaitingReviewAsync(instanceId);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (!calls.Contains("reminder:2"))
            {
                await Task.Delay(100, timeout.Token);
            }
        }

        await host.Client.RaiseEventAsync(instanceId, WorkflowNames.ReviewDecisionEvent, new ReviewDecisionEvent(ReviewAction.Approve, "agent@mairie.example", string.Empty, DateTimeOffset.UtcNow));
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal("Approved", outcome.Status);
        Assert.Equal(["reminder:1", "reminder:2"], calls.Where(call => call.StartsWith("reminder", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_AutomaticChecksFail_RejectsWithoutAskingAnAgent()
    {
        failValidation = true;
        var instanceId = await StartAsync(TimeSpan.FromHours(1), 3);

        var outcome = await CompletionAsync(instanceId);

        Assert.Equal("Rejected", outcome.Status);
        Assert.DoesNotContain(calls, call => call.StartsWith("review", StringComparison.Ordinal));
        Assert.Contains("notify:rejected:L'enfant doit avoir entre 2 et 11 ans.", calls);
    }
}
