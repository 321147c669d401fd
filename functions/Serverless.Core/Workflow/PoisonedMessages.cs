using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Webhooks;
using Serverless.Platform.Email;
using Serverless.Platform.Storage;

namespace Serverless.Core.Workflow;

/// <summary>
/// Puts back on their queue the messages a queue trigger gave up on. After <see cref="MaxDequeueCount"/> failed
/// handlings in a row the Functions host (and the local host's loops, which do the same) moves a message to
/// <c>{queue}-poison</c>, where nothing reads it and where it expires after 7 days: an e-mail, a webhook delivery or a
/// workflow start would be lost in silence. Every handler of these queues takes a message delivered twice as a copy
/// (the outbox claim, the delivery row, the instance id), so moving one back is always safe; a message that keeps
/// failing comes back here every few minutes, logged as an error each time, until the cause is fixed.
/// </summary>
public sealed partial class PoisonedMessages(
    StorageClients storage,
    IOptions<SmtpOptions> smtp,
    IOptions<WebhookOptions> webhooks,
    IOptions<WorkflowOptions> workflow,
    ILogger<PoisonedMessages> logger)
{
    /// <summary>The Functions host's name for a queue's poison queue: the queue's name and this suffix.</summary>
    public const string Suffix = "-poison";

    /// <summary>Failed handlings before a message is set aside: <c>extensions.queues.maxDequeueCount</c> in host.json.</summary>
    public const int MaxDequeueCount = 5;

    /// <summary>Bounds one run, so a flood of poisoned messages is resumed over several runs, not in one long one.</summary>
    private const int MaxPerRun = 1000;

    /// <summary>How long a message being moved stays hidden in the poison queue: a run that dies leaves it to the next.</summary>
    private static readonly TimeSpan MoveVisibility = TimeSpan.FromMinutes(2);

    public static string PoisonQueueOf(string queueName) => queueName + Suffix;

    /// <summary>The queues whose poisoned messages are moved back: every queue a trigger reads.</summary>
    public IReadOnlyList<string> WatchedQueues => [smtp.Value.DeliveryQueueName, webhooks.Value.QueueName, workflow.Value.StartQueueName];

    /// <summary>Moves the poisoned messages back to their queues; returns how many were moved.</summary>
    public async Task<int> ResumeAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        foreach (var queueName in WatchedQueues)
        {
            var poison = storage.Queue(PoisonQueueOf(queueName));
            var target = storage.Queue(queueName);
            while (moved < MaxPerRun)
            {
                var messages = await ReceiveAsync(poison, cancellationToken);
                if (messages.Length == 0)
                {
                    break;
                }

                foreach (var message in messages)
                {
                    // Put back before it is removed: a run that dies between the two leaves a copy, never nothing.
                    await target.SendDueAsync(message.MessageText, TimeSpan.Zero, cancellationToken);
                    await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    LogResumed(logger, queueName, message.MessageId, message.InsertedOn, message.MessageText);
                    moved++;
                }
            }
        }

        return moved;
    }

    private static async Task<QueueMessage[]> ReceiveAsync(QueueClient poison, CancellationToken cancellationToken)
    {
        try
        {
            return (await poison.ReceiveMessagesAsync(32, MoveVisibility, cancellationToken)).Value;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return []; // Created by the host with its first poisoned message: none so far.
        }
    }

    // The bodies name references and row keys, never a citizen's data.
    [LoggerMessage(Level = LogLevel.Error, Message = "A message of {Queue} failed every handling and was set aside in its poison queue on {SetAsideAt}; moved back ({MessageId}): {Body}")]
    private static partial void LogResumed(ILogger logger, string queue, string messageId, DateTimeOffset? setAsideAt, string body);
}
