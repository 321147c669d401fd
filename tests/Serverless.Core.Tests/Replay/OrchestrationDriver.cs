using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;
using P = Microsoft.DurableTask.Protobuf;

namespace Serverless.Core.Tests.Replay;

/// <summary>
/// Runs an orchestrator the way the Functions isolated worker does (<see cref="GrpcOrchestrationRunner"/>: the
/// history in, the next actions out), with no back end: each scheduled activity completes at once with a scripted
/// result, external events come from a script, and timers fire when nothing else is left. The history it builds is
/// exactly what a task hub would store, so it can be saved, and replayed later against newer code.
/// </summary>
public sealed class OrchestrationDriver(Func<TaskOrchestrationContext, Workflow.ApplicationWorkflowInput, Task<Workflow.ApplicationOutcome>> orchestrator)
{
    public const string InstanceId = "application-REPLAY";

    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();

    /// <summary>The outcome of one step: the actions the orchestrator asked for, and its completion if it finished.</summary>
    public sealed record Turn(IReadOnlyList<P.OrchestratorAction> Actions, string? CustomStatus)
    {
        public P.CompleteOrchestrationAction? Completion => Actions.Select(action => action.CompleteOrchestration).FirstOrDefault(action => action is not null);

        public IEnumerable<string> ScheduledActivities => Actions.Where(action => action.ScheduleTask is not null).Select(action => action.ScheduleTask.Name);
    }

    /// <summary>Runs the orchestrator once over a history plus new events.</summary>
    public Turn Run(IReadOnlyList<P.HistoryEvent> past, IReadOnlyList<P.HistoryEvent> fresh)
    {
        var request = new P.OrchestratorRequest { InstanceId = InstanceId };
        request.PastEvents.AddRange(past);
        request.NewEvents.AddRange(fresh);
        var encoded = GrpcOrchestrationRunner.LoadAndRun<Workflow.ApplicationWorkflowInput, Workflow.ApplicationOutcome?>(
            request.ToByteString().ToBase64(), async (context, input) => await orchestrator(context, input!), Services);
        var response = P.OrchestratorResponse.Parser.ParseFrom(ByteString.FromBase64(encoded));
        return new Turn([.. response.Actions], response.CustomStatus);
    }

    /// <summary>
    /// Drives an instance from its start until it completes or until <paramref name="stopWhen"/> says so (an instance
    /// left waiting, as in-flight instances are). Returns the history recorded so far.
    /// </summary>
    public (List<P.HistoryEvent> History, Turn Last) Record(
        Workflow.ApplicationWorkflowInput input,
        DateTime startedAt,
        Func<string, string, string?> activityResult,
        Queue<(string Name, object Payload)> externalEvents,
        Func<Turn, bool>? stopWhen = null)
    {
        var fresh = new List<P.HistoryEvent>
        {
            Started(startedAt),
            new() { EventId = -1, Timestamp = Timestamp.FromDateTime(startedAt), ExecutionStarted = new P.ExecutionStartedEvent
            {
                Name = Workflow.WorkflowNames.ApplicationWorkflow,
                Input = JsonSerializer.Serialize(input),
                OrchestrationInstance = new P.OrchestrationInstance { InstanceId = InstanceId, ExecutionId = "1" },
            } },
        };
        return Resume([], fresh, startedAt, activityResult, externalEvents, stopWhen);
    }

    /// <summary>Continues an instance from a saved history and the events that reach it now.</summary>
    public (List<P.HistoryEvent> History, Turn Last) Resume(
        List<P.HistoryEvent> history,
        List<P.HistoryEvent> fresh,
        DateTime now,
        Func<string, string, string?> activityResult,
        Queue<(string Name, object Payload)> externalEvents,
        Func<Turn, bool>? stopWhen = null,
        int maxSteps = 300)
    {
        history = [.. history];
        var timers = new SortedList<(DateTime, int), int>();
        foreach (var created in history.Where(e => e.TimerCreated is not null))
        {
            if (!history.Any(e => e.TimerFired is { } fired && fired.TimerId == created.EventId))
            {
                timers[(created.TimerCreated.FireAt.ToDateTime(), created.EventId)] = created.EventId;
            }
        }

        for (var turnNumber = 0; turnNumber < maxSteps; turnNumber++)
        {
            var step = Run(history, fresh);
            history.AddRange(fresh);
            fresh = [];
            var completions = new List<P.HistoryEvent>();
            foreach (var action in step.Actions)
            {
                if (action.ScheduleTask is { } task)
                {
                    history.Add(new P.HistoryEvent { EventId = action.Id, Timestamp = Timestamp.FromDateTime(now), TaskScheduled = new P.TaskScheduledEvent { Name = task.Name, Input = task.Input } });
                    completions.Add(Completion(now, action.Id, activityResult(task.Name, task.Input)));
                }
                else if (action.CreateTimer is { } timer)
                {
                    history.Add(new P.HistoryEvent { EventId = action.Id, Timestamp = Timestamp.FromDateTime(now), TimerCreated = new P.TimerCreatedEvent { FireAt = timer.FireAt } });
                    timers[(timer.FireAt.ToDateTime(), action.Id)] = action.Id;
                }
            }

            if (step.Completion is not null || (stopWhen?.Invoke(step) ?? false))
            {
                return (history, step);
            }

            if (completions.Count == 0 && externalEvents.TryDequeue(out var raised))
            {
                completions.Add(Raised(now, raised.Name, raised.Payload));
            }
            else if (completions.Count == 0 && timers.Count > 0)
            {
                var ((fireAt, _), timerId) = (timers.Keys[0], timers.Values[0]);
                timers.RemoveAt(0);
                now = fireAt > now ? fireAt : now;
                completions.Add(new P.HistoryEvent { EventId = -1, Timestamp = Timestamp.FromDateTime(now), TimerFired = new P.TimerFiredEvent { TimerId = timerId, FireAt = Timestamp.FromDateTime(fireAt) } });
            }
            else if (completions.Count == 0)
            {
                throw new InvalidOperationException("The orchestration waits for something the script does not provide.");
            }

            now = now.AddSeconds(1);
            fresh = [Started(now), .. completions];
        }

        throw new InvalidOperationException($"No completion after {maxSteps} steps.");
    }

    /// <summary>A scripted result that makes the activity fail: <c>Fail(typeof(X))</c>.</summary>
    public static string Fail(System.Type exceptionType) => FailurePrefix + exceptionType.FullName;

    private const string FailurePrefix = "!fail:";

    private static P.HistoryEvent Completion(DateTime at, int taskId, string? result) =>
        result is not null && result.StartsWith(FailurePrefix, StringComparison.Ordinal)
            ? new P.HistoryEvent
            {
                EventId = -1,
                Timestamp = Timestamp.FromDateTime(at),
                TaskFailed = new P.TaskFailedEvent
                {
                    TaskScheduledId = taskId,
                    FailureDetails = new P.TaskFailureDetails { ErrorType = result[FailurePrefix.Length..], ErrorMessage = "scripted failure" },
                },
            }
            : new P.HistoryEvent { EventId = -1, Timestamp = Timestamp.FromDateTime(at), TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = taskId, Result = result } };

    public static P.HistoryEvent Started(DateTime at) =>
        new() { EventId = -1, Timestamp = Timestamp.FromDateTime(at), OrchestratorStarted = new P.OrchestratorStartedEvent() };

    public static P.HistoryEvent Raised(DateTime at, string name, object payload) =>
        new() { EventId = -1, Timestamp = Timestamp.FromDateTime(at), EventRaised = new P.EventRaisedEvent { Name = name, Input = JsonSerializer.Serialize(payload) } };

    /// <summary>A history as JSON lines (protobuf JSON), the form kept in the repository.</summary>
    public static string Save(IEnumerable<P.HistoryEvent> history) =>
        string.Join('\n', history.Select(e => JsonFormatter.Default.Format(e))) + "\n";

    public static List<P.HistoryEvent> Load(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(P.HistoryEvent.Parser.ParseJson)];
}
