using System.Diagnostics;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Workflow;
using Serverless.Platform.Telemetry;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Handles one message of <see cref="WorkflowStartMessages"/> (the Functions app's StartWorkflows queue trigger, the
/// local host's loop): schedules the application's workflow unless its instance exists already — a message delivered
/// twice, or a workflow the sweeper started first, is not started again — or the application is decided: its instance
/// may have been purged (docs/RETENTION.md), and a late message must never start a decided application again.
/// </summary>
public sealed partial class WorkflowStartHandler(ApplicationRepository applications, ILogger<WorkflowStartHandler> logger)
{
    public async Task HandleAsync(DurableTaskClient durable, string messageText, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        if (WorkflowStartMessages.Parse(messageText) is not { } message)
        {
            LogUnreadable();
            return;
        }

        // Continues the submission's trace, so the workflow's spans stay under the application's one trace.
        using var span = CitizenTelemetry.Source.StartActivity("start workflow", ActivityKind.Consumer, message.TraceParent);
        var reference = message.Input.Reference;
        if (await durable.GetInstanceAsync(ApplicationReference.InstanceId(reference), getInputsAndOutputs: false, cancellationToken) is not null)
        {
            LogAlreadyStarted(reference);
            return;
        }

        if (await applications.FindAsync(reference, cancellationToken) is { } record && (record.StatusValue.IsFinal() || record.ErasedAt is not null))
        {
            LogAlreadyDecided(reference);
            return;
        }

        await WorkflowStarter.StartAsync(durable, message.Input, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow of {Reference} not started: the application is decided (its instance was purged); start message dropped")]
    private partial void LogAlreadyDecided(string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A workflow start message could not be read; dropped (the sweeper starts the workflow from its start request)")]
    private partial void LogUnreadable();

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow of {Reference} already started; start message dropped")]
    private partial void LogAlreadyStarted(string reference);
}
