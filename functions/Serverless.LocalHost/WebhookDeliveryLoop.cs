using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using Serverless.Core.Storage;
using Serverless.Core.Webhooks;

namespace Serverless.LocalHost;

/// <summary>
/// The local host's twin of the Functions app's DeliverWebhooks queue trigger: reads the same queue, hands each
/// message to the same <see cref="WebhookDispatcher"/>, and deletes it once handled. A message whose handling failed
/// stays and comes back after its visibility timeout, as with the trigger.
/// </summary>
public sealed partial class WebhookDeliveryLoop(StorageClients storage, WebhookDispatcher dispatcher, IOptions<WebhookOptions> options, ILogger<WebhookDeliveryLoop> logger) : BackgroundService
{
    public const string FunctionName = "DeliverWebhooks";

    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Visibility = TimeSpan.FromMinutes(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = storage.Queue(options.Value.QueueName);
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(16, Visibility, stoppingToken)).Value;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(exception);
                await Task.Delay(IdlePoll * 4, stoppingToken);
                continue;
            }

            if (messages.Length == 0)
            {
                await Task.Delay(IdlePoll, stoppingToken);
                continue;
            }

            // A batch runs in parallel; the dispatcher's ETag claim keeps one sender per delivery even for duplicate messages.
            await Task.WhenAll(messages.Select(message => HandleAsync(queue, message, stoppingToken)));
        }
    }

    private async Task HandleAsync(Azure.Storage.Queues.QueueClient queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (WebhookWork.Parse(message.MessageText) is { } work)
            {
                await dispatcher.HandleAsync(work, cancellationToken);
            }

            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "DeliverWebhooks failed; the message comes back after its visibility timeout")]
    private partial void LogFailed(Exception exception);
}
