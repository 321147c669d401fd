using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Site;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.Functions;

/// <summary>Starts the workflow of each stored submission (one queue message each, see <see cref="WorkflowStartMessages"/>).</summary>
public sealed class WorkflowStartFunctions(WorkflowStartHandler handler)
{
    public const string FunctionName = "StartWorkflows";

    [Function(FunctionName)]
    public Task StartWorkflows(
        [QueueTrigger(StorageNames.WorkflowStartsQueue, Connection = StorageClients.ConnectionName)] string message,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(durable, message, cancellationToken);
}
