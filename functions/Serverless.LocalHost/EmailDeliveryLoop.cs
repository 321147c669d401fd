using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Platform.Email;
using Serverless.Platform.Storage;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's SendEmails queue trigger: the same queue, the same <see cref="EmailDispatcher"/>.</summary>
public sealed class EmailDeliveryLoop(StorageClients storage, EmailDispatcher dispatcher, IOptions<SmtpOptions> options, ILogger<EmailDeliveryLoop> logger)
    : QueueTwinLoop(storage, options.Value.DeliveryQueueName, logger)
{
    public const string FunctionName = "SendEmails";

    protected override string TwinOf => FunctionName;

    protected override Task HandleAsync(string messageText, CancellationToken cancellationToken) =>
        EmailDelivery.Parse(messageText) is { } delivery ? dispatcher.HandleAsync(delivery, cancellationToken) : Task.CompletedTask;
}
