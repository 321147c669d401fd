using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Webhooks;
using Serverless.Platform.Storage;

namespace Serverless.LocalHost;

/// <summary>
/// The local host's twin of the Functions app's DeliverWebhooks queue trigger: the same queue, the same
/// <see cref="WebhookDispatcher"/>. The dispatcher's ETag claim keeps one sender per delivery even for duplicate messages.
/// </summary>
public sealed class WebhookDeliveryLoop(StorageClients storage, WebhookDispatcher dispatcher, IOptions<WebhookOptions> options, ILogger<WebhookDeliveryLoop> logger)
    : QueueTwinLoop(storage, options.Value.QueueName, logger)
{
    public const string FunctionName = "DeliverWebhooks";

    protected override string TwinOf => FunctionName;

    protected override Task HandleAsync(string messageText, CancellationToken cancellationToken) =>
        WebhookWork.Parse(messageText) is { } work ? dispatcher.HandleAsync(work, cancellationToken) : Task.CompletedTask;
}
