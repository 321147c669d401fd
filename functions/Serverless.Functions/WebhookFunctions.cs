using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Core.Webhooks;
using Serverless.Platform.Storage;

namespace Serverless.Functions;

/// <summary>Delivers outbound events: one queue message = what is due for one endpoint and one application (see <see cref="WebhookDispatcher"/>).</summary>
public sealed class WebhookFunctions(WebhookDispatcher dispatcher)
{
    public const string FunctionName = "DeliverWebhooks";

    [Function(FunctionName)]
    public Task DeliverWebhooks([QueueTrigger(StorageNames.WebhookDeliveriesQueue, Connection = StorageClients.ConnectionName)] string message, CancellationToken cancellationToken) =>
        WebhookWork.Parse(message) is { } work ? dispatcher.HandleAsync(work, cancellationToken) : Task.CompletedTask;
}
