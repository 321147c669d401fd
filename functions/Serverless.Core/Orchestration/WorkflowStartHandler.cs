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
/// The message is sent together with the application's row (<see cref="Submission.ApplicationIntake"/>), so it may
/// arrive before the row: it is then handled again after the queue's visibility timeout, and dropped once the row has
/// had <see cref="RowWait"/> to come (the submission failed and was rolled back; its start request lets the sweeper
/// start a row that comes later still). A message naming a row of another submission (a random reference that was
/// taken, drawn again) is dropped.
/// </summary>
public sealed partial class WorkflowStartHandler(ApplicationRepository applications, TimeProvider clock, ILogger<WorkflowStartHandler> logger)
{
    /// <summary>
    /// How long after the submission a missing row is waited for: less than four visibility timeouts of the queue
    /// (30 s in host.json), so the message is dropped before the host would set it aside as poisoned (5 handlings).
    /// </summary>
    public static readonly TimeSpan RowWait = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The row and the message carry the same reading of the submission's clock (stored to the tick by Table storage, by
    /// Azurite to the millisecond at worst); another submission's row was written at least a storage round trip earlier.
    /// </summary>
    private static readonly TimeSpan SameSubmission = TimeSpan.FromMilliseconds(1);

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

        var receivedAt = message.Input.ReceivedAt;
        if (await applications.FindAsync(reference, cancellationToken) is not { } record)
        {
            if (receivedAt is null || clock.GetUtcNow() - receivedAt.Value >= RowWait)
            {
                LogNeverStored(reference);
                return;
            }

            throw new ApplicationNotStoredYetException(reference);
        }

        if (receivedAt is { } at && (record.SubmittedAt - at).Duration() > SameSubmission)
        {
            LogAnotherSubmission(reference);
            return;
        }

        if (record.StatusValue.IsFinal() || record.ErasedAt is not null)
        {
            LogAlreadyDecided(reference);
            return;
        }

        await WorkflowStarter.StartAsync(durable, message.Input, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow of {Reference} not started: the application is decided (its instance was purged); start message dropped")]
    private partial void LogAlreadyDecided(string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow of {Reference} not started: no application was stored under this reference; start message dropped")]
    private partial void LogNeverStored(string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workflow of {Reference} not started: the row under this reference is another submission's (its reference was drawn again); start message dropped")]
    private partial void LogAnotherSubmission(string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A workflow start message could not be read; dropped (the sweeper starts the workflow from its start request)")]
    private partial void LogUnreadable();

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow of {Reference} already started; start message dropped")]
    private partial void LogAlreadyStarted(string reference);
}

/// <summary>A start message handled before its application's row was stored: handled again after the queue's visibility timeout.</summary>
public sealed class ApplicationNotStoredYetException(string reference)
    : Exception($"The application {reference} is not stored yet; its start message is handled again after the queue's visibility timeout.");
