using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Workflow;
using Serverless.Platform.Storage;

namespace Serverless.LocalHost;

/// <summary>
/// The local host's stand-in for a Functions queue trigger: reads the queue, hands each message's text to
/// <see cref="HandleAsync"/>, and deletes it once handled. A message whose handling failed stays and comes back after
/// its visibility timeout, as with the trigger; after <see cref="PoisonedMessages.MaxDequeueCount"/> failed handlings it
/// is moved to the poison queue, as the Functions host does, for <see cref="PoisonedMessages"/> to put back.
/// </summary>
public abstract partial class QueueTwinLoop(StorageClients storage, string queueName, ILogger logger) : BackgroundService
{
    private readonly QueueClient queue = storage.Queue(queueName);
    private readonly QueueClient poison = storage.Queue(PoisonedMessages.PoisonQueueOf(queueName));

    /// <summary>
    /// Messages received at a time: host.json's <c>extensions.queues.batchSize</c> (a test compares them). The host
    /// fetches the next batch when half of one is done (<c>newBatchThreshold</c>); this loop when all of it is.
    /// </summary>
    public const int BatchSize = 8;

    /// <summary>
    /// How long a received message stays hidden: host.json's <c>visibilityTimeout</c>, the time a message of a
    /// process that died comes back after. Every handler is safe for a message delivered twice, so a handler slower
    /// than this costs a repeat, not a mistake.
    /// </summary>
    public static readonly TimeSpan DefaultVisibility = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The wait after an empty queue: fixed, and shorter than host.json's <c>maxPollingInterval</c> (the host backs
    /// off up to it), so a local message is never picked up later than in Azure.
    /// </summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(500);

    /// <summary>The visibility timeout this loop uses: <see cref="DefaultVisibility"/> (tests shorten it).</summary>
    protected virtual TimeSpan Visibility => DefaultVisibility;

    /// <summary>The name of the Functions app's queue function this loop stands in for.</summary>
    protected abstract string TwinOf { get; }

    protected abstract Task HandleAsync(string messageText, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(BatchSize, Visibility, stoppingToken)).Value;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogReceiveFailed(logger, exception, TwinOf);
                await Task.Delay(IdlePoll * 4, stoppingToken);
                continue;
            }

            if (messages.Length == 0)
            {
                await Task.Delay(IdlePoll, stoppingToken);
                continue;
            }

            // A batch runs in parallel; each handler is safe for a message delivered twice.
            await Task.WhenAll(messages.Select(message => HandleOneAsync(message, stoppingToken)));
        }
    }

    private async Task HandleOneAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await HandleAsync(message.MessageText, cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (message.DequeueCount < PoisonedMessages.MaxDequeueCount)
            {
                LogFailed(logger, exception, TwinOf);
                return;
            }

            LogPoisoned(logger, exception, TwinOf, message.DequeueCount);
            await SetAsideAsync(message, cancellationToken);
        }
    }

    /// <summary>Copied to the poison queue, then removed (a crash between the two leaves a copy, which handlers take as such).</summary>
    private async Task SetAsideAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, TwinOf); // Still on its queue: set aside at its next failure.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} could not read its queue; trying again shortly")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string function);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Function} failed; the message comes back after its visibility timeout")]
    private static partial void LogFailed(ILogger logger, Exception exception, string function);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Function} failed on a message {DequeueCount} times; it is moved to the poison queue")]
    private static partial void LogPoisoned(ILogger logger, Exception exception, string function, long dequeueCount);
}
