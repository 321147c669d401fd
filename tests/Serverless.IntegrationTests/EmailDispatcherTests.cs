using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Notices;
using Serverless.Core.Orchestration;
using Serverless.Core.Outbox;
using Serverless.Core.Usage;
using Serverless.Core.Workflow;
using Serverless.Platform.Email;
using Serverless.Platform.Storage;

namespace Serverless.IntegrationTests;

/// <summary>
/// The e-mail dispatcher of workflow version 3, on the real Azurite and maildev: a relay that refuses holds up only the
/// e-mail, the delay shows on the citizen's page and reaches the administrator once the relay is back, and copies of a
/// delivery message send nothing twice. The dispatcher is driven by hand on a queue of the test's own (the host's loop
/// reads another), once with a relay that refuses connections and once with maildev.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class EmailDispatcherTests(LocalHostFixture host)
{
    private const string AdministratorEmail = "informatique@saint-exemple.example";

    private static readonly WorkflowOptions QuickRetries = new()
    {
        RetryAttempts = 2,
        RetryFirstDelay = TimeSpan.Zero,
        IncidentFirstDelay = TimeSpan.Zero,
        IncidentMaxDelay = TimeSpan.Zero,
    };

    private readonly string queueName = $"dispatcher-test-{Guid.NewGuid():N}"[..40];

    [Fact]
    public async Task HandleAsync_TwoEmailsRefusedPastTheQuickRetries_PageShowsTheDelayAndEveryoneHearsOnceWhenTheRelayIsBack()
    {
        using var api = host.Client();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        var to = $"dispatcher-{Guid.NewGuid():N}@example.org";
        var other = $"dispatcher-{Guid.NewGuid():N}@example.org";
        await host.Storage.Queue(queueName).CreateAsync();
        var outbox = Outbox();
        await outbox.QueueOnceAsync(receipt.Reference, "dispatcher-probe", new EmailMessage(to, $"Essai {receipt.Reference}", "<p>Essai</p>", "Essai"), onSend: null, CancellationToken.None);
        await outbox.QueueOnceAsync(receipt.Reference, "dispatcher-probe", new EmailMessage(other, $"Essai {receipt.Reference}", "<p>Essai</p>", "Essai"), onSend: null, CancellationToken.None);

        // Two refusals each spend the quick retries: the page shows the delay beside the status.
        var refusingSmtp = RefusingRelay();
        using var refusingConnections = new SmtpConnections(refusingSmtp);
        // The refusals happen on a clock an hour behind, so the time the page shows can be told from the e-mails' own.
        var refusedOn = new ShiftedClock(TimeSpan.FromHours(-1));
        var refusing = Dispatcher(outbox, new EmailSender(refusingSmtp, refusingConnections, NullLogger<EmailSender>.Instance), refusedOn);
        for (var handled = 0; handled < 4; handled++)
        {
            Assert.True(await HandleNextAsync(refusing));
        }

        var incident = await IncidentAsync(api, receipt);
        Assert.NotNull(incident);
        Assert.Contains("dispatcher-probe", incident.Value.GetProperty("step").GetString(), StringComparison.Ordinal);
        Assert.True(incident.Value.GetProperty("since").GetDateTimeOffset() < DateTimeOffset.UtcNow.AddMinutes(-50));

        // The agent sees it too, on the application's page in the back office.
        using var agent = await AgentClient.SignInAsync(host, BackOfficeEndToEndTests.Agent);
        var agentPage = (await agent.GetAsync($"/api/agent/applications/{receipt.Reference}")).Html;
        Assert.Contains("Incident en cours", agentPage, StringComparison.Ordinal);
        Assert.Contains("dispatcher-probe", agentPage, StringComparison.Ordinal);

        // The relay is back, and a copy of the delivery message arrives too: everything queued goes out once.
        await Deliveries().RequestAsync(new EmailDelivery(receipt.Reference, OutboxRows.Kind + EmailOutbox.RowKey("dispatcher-probe", to)), TimeSpan.Zero, CancellationToken.None);
        var working = Dispatcher(outbox, host.Services.Get<EmailSender>(), TimeProvider.System);
        var handledCount = 0;
        while (!(await outbox.ListAsync(receipt.Reference, CancellationToken.None)).Any(message => message.Step == "dispatcher-probe" && message.Sent))
        {
            Assert.True(handledCount++ < 10 && await HandleNextAsync(working), "no probe e-mail was sent once the relay was back");
        }

        // One probe sent, the other still held: the page keeps the delay, dated when it was reported (not queued).
        var stillHeld = await IncidentAsync(api, receipt);
        Assert.NotNull(stillHeld);
        Assert.True(stillHeld.Value.GetProperty("since").GetDateTimeOffset() < DateTimeOffset.UtcNow.AddMinutes(-50));
        for (; handledCount < 10 && await HandleNextAsync(working); handledCount++)
        {
        }

        Assert.Single(await host.Mailbox.WaitForCountAsync(to, receipt.Reference, 1));
        Assert.Single(await host.Mailbox.WaitForCountAsync(other, receipt.Reference, 1));
        var notice = await host.Mailbox.WaitForAsync(AdministratorEmail, $"[Incident] Demande {receipt.Reference}");
        Assert.Contains("dispatcher-probe", notice.Text, StringComparison.Ordinal);
        // One notice for the spell of delays, not one per e-mail held up.
        Assert.Single(await host.Mailbox.ToAsync(AdministratorEmail, $"[Incident] Demande {receipt.Reference}"));
        Assert.Null(await IncidentAsync(api, receipt));
        var sent = await outbox.ListAsync(receipt.Reference, CancellationToken.None);
        Assert.Contains(sent, message => message.Step == "dispatcher-probe" && message.Sent);
        Assert.Single(await host.Mailbox.ToAsync(to, receipt.Reference));
        var audit = await host.Services.Get<AuditTrail>().ReadAsync(receipt.Reference, CancellationToken.None);
        Assert.Contains(audit, entry => entry.Action == AuditAction.IncidentOpened && entry.Detail.Contains("dispatcher-probe", StringComparison.Ordinal));
        Assert.Contains(audit, entry => entry.Action == AuditAction.IncidentResolved && entry.Detail.Contains("dispatcher-probe", StringComparison.Ordinal));
        Assert.DoesNotContain("Incident en cours", (await agent.GetAsync($"/api/agent/applications/{receipt.Reference}")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_OneStepsTwoEmailsAndACopyOfTheirMessageAtOnce_SendsEachOnce()
    {
        using var api = host.Client();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference);
        var first = $"pair-{Guid.NewGuid():N}@example.org";
        var second = $"pair-{Guid.NewGuid():N}@example.org";
        var queue = host.Storage.Queue(queueName);
        await queue.CreateAsync();
        var outbox = Outbox();
        var rows = new List<Azure.Data.Tables.TableEntity>();
        foreach (var to in new[] { first, second })
        {
            rows.Add(await outbox.PrepareQueuedAsync(receipt.Reference, "dispatcher-pair", new EmailMessage(to, $"Paire {receipt.Reference}", "<p>Paire</p>", "Paire"), onSend: null, CancellationToken.None));
        }

        await outbox.QueueAllAsync(receipt.Reference, rows, CancellationToken.None);
        // The step's two e-mails are one message; a copy of it (a step that ran twice) arrives as well.
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        await Deliveries().RequestAsync(EmailDelivery.Of(receipt.Reference, [.. rows.Select(row => row.RowKey)], null), TimeSpan.Zero, CancellationToken.None);

        var working = Dispatcher(outbox, host.Services.Get<EmailSender>(), TimeProvider.System);
        await Task.WhenAll(HandleNextAsync(working), HandleNextAsync(working));
        while (await HandleNextAsync(working))
        {
        }

        Assert.Single(await host.Mailbox.WaitForCountAsync(first, receipt.Reference, 1));
        Assert.Single(await host.Mailbox.WaitForCountAsync(second, receipt.Reference, 1));
        var sent = (await outbox.ListAsync(receipt.Reference, CancellationToken.None)).Where(message => message.Step == "dispatcher-pair").ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, message => Assert.True(message.Sent));
        Assert.Single(await host.Mailbox.ToAsync(first, receipt.Reference));
        Assert.Single(await host.Mailbox.ToAsync(second, receipt.Reference));
    }

    private EmailDeliveries Deliveries() =>
        new(host.Storage, Options.Create(new SmtpOptions { DeliveryQueueName = queueName }));

    private EmailOutbox Outbox() =>
        new(host.Storage, host.Services.Get<EmailSender>(), host.Services.Get<BlobFiles>(), Deliveries(), host.Services.Get<UsageMeter>(), TimeProvider.System, host.Services.Get<ApplicationRepository>());

    private EmailDispatcher Dispatcher(EmailOutbox outbox, EmailSender sender, TimeProvider clock)
    {
        var options = Options.Create(QuickRetries);
        return new EmailDispatcher(
            outbox,
            sender,
            Deliveries(),
            host.Services.Get<BlobFiles>(),
            host.Services.Get<AuditTrail>(),
            new NoticeDelays(host.Services.Get<ApplicationRepository>(), outbox, options),
            host.Services.Get<ApplicationLoader>(),
            host.Services.Get<FaultInjection>(),
            options,
            clock,
            NullLogger<EmailDispatcher>.Instance);
    }

    /// <summary>The system clock moved by a fixed offset.</summary>
    private sealed class ShiftedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    /// <summary>A relay on a port nobody listens on: every connection is refused.</summary>
    private static IOptions<SmtpOptions> RefusingRelay()
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = port, Security = MailKit.Security.SecureSocketOptions.None, FromAddress = "ne-pas-repondre@saint-exemple.example" });
    }

    /// <summary>Receives the next delivery message of the test's queue and hands it to the dispatcher; false when the queue is empty.</summary>
    private async Task<bool> HandleNextAsync(EmailDispatcher dispatcher)
    {
        var queue = host.Storage.Queue(queueName);
        var received = (await queue.ReceiveMessageAsync(TimeSpan.FromMinutes(1))).Value;
        if (received is null)
        {
            return false;
        }

        await dispatcher.HandleAsync(EmailDelivery.Parse(received.MessageText)!, CancellationToken.None);
        await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        return true;
    }

    private static async Task<JsonElement?> IncidentAsync(HttpClient api, Receipt receipt)
    {
        var status = await api.GetStringAsync(new Uri(receipt.StatusUrl).PathAndQuery);
        using var document = JsonDocument.Parse(status);
        return document.RootElement.TryGetProperty("incident", out var incident) && incident.ValueKind == JsonValueKind.Object ? incident.Clone() : null;
    }
}
