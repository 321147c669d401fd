using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Outbox;
using Serverless.Core.Site;
using Serverless.Core.Usage;
using Serverless.Core.Workflow;
using Serverless.LocalHost;
using Serverless.Platform.Email;
using Serverless.Platform.Storage;

namespace Serverless.IntegrationTests;

/// <summary>
/// A message a queue trigger fails five times is set aside in its poison queue, by the Functions host and by the local
/// host's loops alike, and <see cref="PoisonedMessages"/> puts it back: an e-mail set aside is still sent. On the real
/// Azurite and maildev, through the local host's own e-mail loop (that a copy sends nothing twice is
/// <see cref="EmailDispatcherTests"/>'s).
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class PoisonedMessagesTests(LocalHostFixture host)
{
    private readonly string queueName = $"poison-test-{Guid.NewGuid():N}"[..36];

    [Fact]
    public void WatchedQueues_DefaultSettings_AreEveryQueueATriggerReads()
    {
        var poisoned = new PoisonedMessages(host.Storage, Options.Create(new SmtpOptions()), Options.Create(new Core.Webhooks.WebhookOptions()), Options.Create(new Core.Workflow.WorkflowOptions()), NullLogger<PoisonedMessages>.Instance);

        Assert.Equal(StorageNames.Queues.Order(), poisoned.WatchedQueues.Order());
    }

    [Fact]
    public void QueueTwinLoop_HostJsonMaxDequeueCount_SetsAsideAfterAsManyFailures()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Serverless.sln")))
        {
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))!;
        }

        using var hostJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "functions", "Serverless.Functions", "host.json")));
        Assert.Equal(PoisonedMessages.MaxDequeueCount, hostJson.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("maxDequeueCount").GetInt32());
    }

    [Fact]
    public async Task QueueTwinLoop_HandlerFailsEveryTime_MessageIsSetAsideAfterFiveHandlings()
    {
        var queue = host.Storage.Queue(queueName);
        var poison = host.Storage.Queue(PoisonedMessages.PoisonQueueOf(queueName));
        await queue.CreateAsync();
        await queue.SendMessageAsync("{\"reference\":\"ECO-2026-POISON\"}");
        using var loop = new AlwaysFailingLoop(host.Storage, queueName);

        await loop.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(await poison.ExistsAsync()).Value || (await poison.PeekMessagesAsync(2)).Value.Length == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"the message was not set aside ({loop.Handlings} handlings)");
                await Task.Delay(200);
            }
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }

        Assert.Equal(PoisonedMessages.MaxDequeueCount, loop.Handlings);
        var setAside = Assert.Single((await poison.PeekMessagesAsync(2)).Value);
        Assert.Equal("{\"reference\":\"ECO-2026-POISON\"}", setAside.Body.ToString());
        Assert.Empty((await queue.PeekMessagesAsync(2)).Value);
    }

    [Fact]
    public async Task ResumeAsync_EmailDeliverySetAside_EmailIsSentOnce()
    {
        using var api = host.Client();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);

        // Queued on the test's own queue, so the host's loop does not send it; then set aside as the Functions host
        // does after five failures: copied to the host's poison queue of e-mail deliveries.
        var to = $"poisoned-{Guid.NewGuid():N}@example.org";
        await host.Storage.Queue(queueName).CreateAsync();
        var deliveries = new EmailDeliveries(host.Storage, Options.Create(new SmtpOptions { DeliveryQueueName = queueName }));
        var outbox = new EmailOutbox(host.Storage, host.Services.Get<EmailSender>(), host.Services.Get<BlobFiles>(), deliveries, host.Services.Get<UsageMeter>(), TimeProvider.System, host.Services.Get<ApplicationRepository>());
        await outbox.QueueOnceAsync(receipt.Reference, "poisoned-probe", new EmailMessage(to, $"Essai {receipt.Reference}", "<p>Essai</p>", "Essai"), onSend: null, CancellationToken.None);
        var queued = Assert.Single((await host.Storage.Queue(queueName).ReceiveMessagesAsync(2)).Value);
        var hostQueue = host.Services.Get<IOptions<SmtpOptions>>().Value.DeliveryQueueName;
        var poison = host.Storage.Queue(PoisonedMessages.PoisonQueueOf(hostQueue));
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(queued.Body);

        var moved = await host.Services.Get<PoisonedMessages>().ResumeAsync(CancellationToken.None);

        Assert.True(moved >= 1, $"moved {moved}");
        Assert.Empty((await poison.PeekMessagesAsync(2)).Value);
        await host.Mailbox.WaitForAsync(to, receipt.Reference);
        var sent = await outbox.ListAsync(receipt.Reference, CancellationToken.None);
        Assert.Contains(sent, message => message.Step == "poisoned-probe" && message.Sent);

        Assert.Single(await host.Mailbox.ToAsync(to, receipt.Reference));
    }

    /// <summary>A loop whose handler always throws, with a short visibility so five handlings take seconds.</summary>
    private sealed class AlwaysFailingLoop(StorageClients storage, string queueName)
        : QueueTwinLoop(storage, queueName, NullLogger.Instance)
    {
        private int handlings;

        public int Handlings => Volatile.Read(ref handlings);

        protected override string TwinOf => "AlwaysFailing";

        protected override TimeSpan Visibility => TimeSpan.FromSeconds(1); // The queue counts in whole seconds.

        protected override Task HandleAsync(string messageText, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref handlings);
            throw new InvalidOperationException("always fails");
        }
    }
}
