using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>Every minute: finish what a recorded request started (see <see cref="RequestSweeper"/>).</summary>
public sealed class RecoveryFunctions(RequestSweeper sweeper)
{
    public const string Schedule = "0 * * * * *";

    [Function(nameof(RecoverSubmissions))]
    public Task RecoverSubmissions([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(durable, cancellationToken);
}
