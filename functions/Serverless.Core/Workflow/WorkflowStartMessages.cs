using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Serverless.Core.Orchestration;
using Serverless.Platform.Storage;

namespace Serverless.Core.Workflow;

/// <summary>A stored submission's request to start its workflow, with the submission's trace context.</summary>
public sealed record WorkflowStartMessage(ApplicationWorkflowInput Input, string? TraceParent);

/// <summary>
/// The hand-off from a stored submission to its workflow: one queue message carrying the workflow's input, fixed at
/// submission. The submission answers once the message is sent, without waiting for the task hub (scheduling an
/// instance is several storage calls of the backend's own); <see cref="WorkflowStartHandler"/> schedules it. The
/// submission's pending start request stays until the workflow's first activity removes it, so the sweeper still
/// starts the workflow if the message is never sent or never handled.
/// </summary>
public sealed class WorkflowStartMessages(StorageClients storage, IOptions<WorkflowOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task EnqueueAsync(ApplicationWorkflowInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var message = Serialize(new WorkflowStartMessage(input, Activity.Current?.Id));
        // Never expires (the default is 7 days): a host stopped for longer still finds it.
        await storage.Queue(options.Value.StartQueueName).SendDueAsync(message, TimeSpan.Zero, cancellationToken);
    }

    public static string Serialize(WorkflowStartMessage message) => JsonSerializer.Serialize(message, Json);

    /// <summary>The message, or null when it is not one (it is then dropped: the sweeper still has the start request).</summary>
    public static WorkflowStartMessage? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowStartMessage>(text, Json) is { Input.Reference.Length: > 0 } message ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
