using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>Every five minutes: start the workflow of any application whose submission was interrupted.</summary>
public sealed class RecoveryFunctions(SubmissionRecovery recovery)
{
    public const string Schedule = "0 */5 * * * *";

    [Function(nameof(RecoverSubmissions))]
    public Task RecoverSubmissions([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        recovery.RecoverAsync(durable, SubmissionRecovery.MinimumAge, cancellationToken);
}
