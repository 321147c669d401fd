using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Site;
using Serverless.Platform.Storage;

namespace Serverless.Functions;

/// <summary>Sends the e-mails the workflow queued: one queue message = one outbox row (see <see cref="EmailDispatcher"/>).</summary>
public sealed class EmailFunctions(EmailDispatcher dispatcher)
{
    public const string FunctionName = "SendEmails";

    [Function(FunctionName)]
    public Task SendEmails([QueueTrigger(StorageNames.EmailDeliveriesQueue, Connection = StorageClients.ConnectionName)] string message, CancellationToken cancellationToken) =>
        EmailDelivery.Parse(message) is { } delivery ? dispatcher.HandleAsync(delivery, cancellationToken) : Task.CompletedTask;
}
