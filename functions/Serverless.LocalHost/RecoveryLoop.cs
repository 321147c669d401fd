using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Core.Orchestration;
using Serverless.Core.Workflow;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's RecoverSubmissions timer: the same sweep, every <c>Recovery:Interval</c>.</summary>
public sealed class RecoveryLoop(RequestSweeper sweeper, DurableTaskClient durable, IOptions<RecoveryOptions> options, ILogger<RecoveryLoop> logger)
    : TimerTwinLoop(options.Value.Interval, logger)
{
    public const string FunctionName = "RecoverSubmissions";

    protected override string TwinOf => FunctionName;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(durable, cancellationToken);
}
