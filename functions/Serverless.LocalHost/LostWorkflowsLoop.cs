using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Core.Orchestration;
using Serverless.Core.Workflow;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's RecoverLostWorkflows timer: the same sweep, every <c>Recovery:LostWorkflowsInterval</c>.</summary>
public sealed class LostWorkflowsLoop(LostWorkflowSweep sweep, DurableTaskClient durable, IOptions<RecoveryOptions> options, ILogger<LostWorkflowsLoop> logger)
    : TimerTwinLoop(options.Value.LostWorkflowsInterval, logger)
{
    public const string FunctionName = "RecoverLostWorkflows";

    protected override string TwinOf => FunctionName;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweep.SweepAsync(durable, cancellationToken);
}
