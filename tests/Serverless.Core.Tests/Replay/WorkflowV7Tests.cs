using System.Text.Json;
using Serverless.Core.Applications;
using Serverless.Core.Circuits;
using Serverless.Core.Orchestration;
using Serverless.Core.Workflow;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Core.Tests.Replay;

/// <summary>
/// Version 7: version 6's path with the signature circuit between an agent's approval and the certificate. Driven
/// through the worker's own replay engine: an approval whose procedure has no circuit (or whose circuit does not apply)
/// goes on as in version 6 with one activity more; the history recorded at its introduction (v7-awaiting-review.jsonl)
/// must keep replaying; version 6's history still replays on version 6 (its approval never asks for a circuit).
/// </summary>
public sealed class WorkflowV7Tests
{
    private static readonly OrchestrationDriver Driver = new(ApplicationWorkflow.RunAsync);

    private static ApplicationWorkflowInput Input(bool hasCircuit = true) =>
        ReplayScripts.V1Input with { WorkflowVersion = 7, Retry = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)), Timing = ReplayScripts.Timing, ReceivedAt = ReplayScripts.StartedAt, HasSignatureCircuit = hasCircuit };

    private static Queue<(string Name, object Payload)> Approved => new([(WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))]);

    [Fact]
    public void RunAsync_V7ApprovalWithoutCircuit_AsksForTheCircuitThenApprovesAsVersion6()
    {
        var (history, last) = Driver.Record(Input(), ReplayScripts.StartedAt, ReplayScripts.Result, Approved);

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Equal([ActivityNames.AdmitAndOpenReview, ActivityNames.StartCircuit, ActivityNames.ApproveApplication], ReplayScripts.Scheduled(history));
        var start = ReplayScripts.Argument(history.Single(e => e.TaskScheduled is { Name: ActivityNames.StartCircuit }).TaskScheduled.Input);
        Assert.Equal("agent.scolaire@saint-exemple.example", start.GetProperty("Drafter").GetString());
    }

    [Fact]
    public void RunAsync_V7ProcedureWithoutCircuit_ApprovesWithVersion6sActivitiesOnly()
    {
        var (history, _) = Driver.Record(Input(hasCircuit: false), ReplayScripts.StartedAt, ReplayScripts.Result, Approved);

        Assert.Equal([ActivityNames.AdmitAndOpenReview, ActivityNames.ApproveApplication], ReplayScripts.Scheduled(history));
    }

    [Fact]
    public void RunAsync_V7Rejection_NeverAsksForACircuit()
    {
        var (history, _) = Driver.Record(Input(), ReplayScripts.StartedAt, ReplayScripts.Result, new([(WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Reject, 1))]));

        Assert.DoesNotContain(ActivityNames.StartCircuit, ReplayScripts.Scheduled(history));
    }

    [Fact]
    public void RunAsync_V7ApprovalWithACircuit_AsksTheDrafterAndWaitsForTheirAction()
    {
        var plan = JsonSerializer.Serialize(new CircuitPlan("SCO-2026-REPLAY", [new CircuitStepPlan(0, CircuitStepKind.Draft, "Rédaction", ["agent.scolaire@saint-exemple.example"])], new CircuitTiming(2, 3, 5, null)));

        var (history, last) = Driver.Record(Input(), ReplayScripts.StartedAt, (name, input) => name == ActivityNames.StartCircuit ? plan : ReplayScripts.Result(name, input), Approved, turn => ReplayScripts.Waiting(turn, CircuitNames.AwaitingAction));

        Assert.Equal(CircuitNames.AwaitingActionAt(1, 0), JsonSerializer.Deserialize<string>(last.CustomStatus!));
        Assert.Equal([ActivityNames.AdmitAndOpenReview, ActivityNames.StartCircuit, ActivityNames.RequestCircuitStep], ReplayScripts.Scheduled(history));
    }

    [Fact]
    public void RunAsync_V7HistoryAwaitingReviewIsApproved_AsksForTheCircuitThenApproves()
    {
        var history = ReplayScripts.History("v7-awaiting-review.jsonl");
        var at = history.Max(e => e.Timestamp.ToDateTime()).AddMinutes(1);

        var (after, last) = Driver.Resume(history, [OrchestrationDriver.Started(at), OrchestrationDriver.Raised(at, WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))], at, ReplayScripts.Result, new());

        Assert.Equal(P.OrchestrationStatus.Completed, last.Completion!.OrchestrationStatus);
        Assert.Equal([ActivityNames.StartCircuit, ActivityNames.ApproveApplication], ReplayScripts.Scheduled(after.Skip(history.Count)));
    }

    [Fact]
    public void RunAsync_V6HistoryAwaitingReviewIsApproved_StillApprovesWithoutACircuit()
    {
        var history = ReplayScripts.History("v6-awaiting-review.jsonl");
        var at = history.Max(e => e.Timestamp.ToDateTime()).AddMinutes(1);

        var (after, _) = Driver.Resume(history, [OrchestrationDriver.Started(at), OrchestrationDriver.Raised(at, WorkflowNames.ReviewDecisionEvent, ReplayScripts.Decision(ReviewAction.Approve, 1))], at, ReplayScripts.Result, new());

        Assert.Equal([ActivityNames.ApproveApplication], ReplayScripts.Scheduled(after.Skip(history.Count)));
    }
}
