using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's StartWorkflows queue trigger: the same queue, the same <see cref="WorkflowStartHandler"/>.</summary>
public sealed class WorkflowStartLoop(StorageClients storage, WorkflowStartHandler handler, DurableTaskClient durable, IOptions<WorkflowOptions> options, ILogger<WorkflowStartLoop> logger)
    : QueueTwinLoop(storage, options.Value.StartQueueName, logger)
{
    public const string FunctionName = "StartWorkflows";

    protected override string TwinOf => FunctionName;

    protected override Task HandleAsync(string messageText, CancellationToken cancellationToken) =>
        handler.HandleAsync(durable, messageText, cancellationToken);
}
