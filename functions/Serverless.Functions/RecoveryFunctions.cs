using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Retention;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>
/// Every minute: finish what a recorded request started (see <see cref="RequestSweeper"/>). Every hour: restart the
/// workflow of a pending application whose instance was lost (<see cref="LostWorkflowSweep"/>). Every 15 minutes: put back
/// the queue messages the host set aside after failing them <see cref="PoisonedMessages.MaxDequeueCount"/> times.
/// Every day: remove the attachments no application names (<see cref="UnnamedAttachmentSweep"/>).
/// </summary>
public sealed class RecoveryFunctions(RequestSweeper sweeper, LostWorkflowSweep lost, PoisonedMessages poisoned, UnnamedAttachmentSweep unnamed)
{
    public const string Schedule = "0 * * * * *";

    /// <summary>Hourly, off the hour's other timers: one look at every pending application's instance.</summary>
    public const string LostWorkflowsSchedule = "0 7 * * * *";

    public const string PoisonedMessagesSchedule = "0 */15 * * * *";

    /// <summary>Daily at 02:43 UTC, off the hour's other timers.</summary>
    public const string UnnamedAttachmentsSchedule = "0 43 2 * * *";

    [Function(nameof(RecoverSubmissions))]
    public Task RecoverSubmissions([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(durable, cancellationToken);

    [Function(nameof(RecoverLostWorkflows))]
    public Task RecoverLostWorkflows([TimerTrigger(LostWorkflowsSchedule)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        lost.SweepAsync(durable, cancellationToken);

    [Function(nameof(ResumePoisonedMessages))]
    public Task ResumePoisonedMessages([TimerTrigger(PoisonedMessagesSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        poisoned.ResumeAsync(cancellationToken);

    [Function(nameof(RemoveUnnamedAttachments))]
    public Task RemoveUnnamedAttachments([TimerTrigger(UnnamedAttachmentsSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        unnamed.SweepAsync(cancellationToken);
}
