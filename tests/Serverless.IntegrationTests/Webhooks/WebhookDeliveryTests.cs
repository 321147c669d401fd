using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Webhooks;
using Xunit.Abstractions;

namespace Serverless.IntegrationTests.Webhooks;

/// <summary>
/// Deliveries through the running local host (its queue loop, dispatcher and guarded client) to a real receiving
/// server that fails, times out, answers 410, Retry-After and redirects; every request it received is checked with
/// the StandardWebhooks library's verifier.
/// </summary>
[Collection(WebhookHostGroup.Name)]
public sealed class WebhookDeliveryTests(WebhookHostFixture host, ITestOutputHelper output)
{
    private WebhookEvents Events => host.Services.Get<WebhookEvents>();

    private WebhookLog Log => host.Services.Get<WebhookLog>();

    private static string NewReference() => "TST-2026-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static WebhookFact Fact(string scenario, string reference, WebhookEventKind kind, string discriminator = "", string status = "UnderReview", string? certificate = null) =>
        new(WebhookHostFixture.CommuneOf(scenario), "ledger-permit", reference, kind, discriminator, status, certificate, DateTimeOffset.UtcNow);

    private static string Partition(string scenario) => WebhookLog.Partition(WebhookHostFixture.CommuneOf(scenario), scenario);

    private async Task<(IReadOnlyList<DeliveryRow> Deliveries, IReadOnlyList<AttemptRow> Attempts)> LogOfAsync(string scenario, string reference)
    {
        var (deliveries, attempts) = await Log.ReadAsync(Partition(scenario), 500, CancellationToken.None);
        return ([.. deliveries.Where(row => row.Reference == reference).OrderBy(row => row.Sequence)], [.. attempts.Where(row => row.Reference == reference)]);
    }

    private async Task<DeliveryRow> WaitForDeliveryAsync(string scenario, string reference, long sequence, Func<DeliveryRow, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            var (deliveries, _) = await LogOfAsync(scenario, reference);
            if (deliveries.FirstOrDefault(row => row.Sequence == sequence) is { } row && condition(row))
            {
                return row;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, $"{scenario}/{reference}#{sequence}: {string.Join(", ", deliveries.Select(row => $"{row.Sequence} {row.State} {row.Attempts} {row.LastResult}"))}");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Deliver_ReceiverFailsTwiceWith500_ThirdAttemptSucceedsSignedAndTheLogShowsAllThree()
    {
        var reference = NewReference();
        host.Receiver.Script("flaky", new Answer(500), new Answer(500));

        await Events.RecordAsync(Fact("flaky", reference, WebhookEventKind.Submitted, status: "Received"), CancellationToken.None);

        var received = await host.Receiver.WaitForAsync("flaky", requests => requests.Count(request => request.Reference == reference) >= 3);
        var mine = received.Where(request => request.Reference == reference).ToList();
        Assert.All(mine, request => Assert.True(request.Verified, string.Join("; ", request.VerificationErrors)));
        Assert.Single(mine.Select(request => request.Id).Distinct()); // one webhook-id for every attempt
        var delivery = await WaitForDeliveryAsync("flaky", reference, 1, row => row.State == DeliveryState.Delivered);
        var (_, attempts) = await LogOfAsync("flaky", reference);
        Assert.Equal([500, 500, 200], attempts.Select(attempt => attempt.HttpStatus ?? 0));
        Assert.Equal(3, delivery.Attempts);
        for (var index = 1; index < attempts.Count; index++)
        {
            // Each retry waited for the time the schedule gave the failure before it (5 s, then 5 min, scaled and jittered).
            Assert.True(attempts[index].At >= attempts[index - 1].NextAttemptAt, $"attempt {index + 1} came before it was due");
        }

        var nominal = RetrySchedule.Delays.Take(2).Select(delay => delay * WebhookHostFixture.Scale).ToList();
        Assert.InRange(attempts[0].NextAttemptAt!.Value - attempts[0].At, nominal[0] * 0.9, nominal[0] * 1.1 + TimeSpan.FromSeconds(1));
        Assert.InRange(attempts[1].NextAttemptAt!.Value - attempts[1].At, nominal[1] * 0.9, nominal[1] * 1.1 + TimeSpan.FromSeconds(1));
        Assert.Null(attempts[2].NextAttemptAt);

        var text = Describe("flaky", delivery, attempts);
        output.WriteLine(text);
        var folder = Path.Combine(Path.GetTempPath(), "webhook-artefacts");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "three-attempts.txt"), text);
    }

    [Fact]
    public async Task Deliver_ReceiverSlowerThanTheAttemptTimeout_CountsAsAFailedAttemptAndIsRetried()
    {
        var reference = NewReference();
        host.Receiver.Script("slow", new Answer(200, Pause: TimeSpan.FromSeconds(30)));

        await Events.RecordAsync(Fact("slow", reference, WebhookEventKind.Submitted, status: "Received"), CancellationToken.None);

        await WaitForDeliveryAsync("slow", reference, 1, row => row.State == DeliveryState.Delivered);
        var (_, attempts) = await LogOfAsync("slow", reference);
        Assert.Equal(2, attempts.Count);
        Assert.Null(attempts[0].HttpStatus);
        Assert.StartsWith("timeout after 1 s", attempts[0].Error, StringComparison.Ordinal);
        Assert.Equal(200, attempts[1].HttpStatus);
    }

    [Fact]
    public async Task Deliver_ReceiverAnswers410_DisablesTheEndpointTellsTheAdministratorAndRedeliveryResumesInOrder()
    {
        var reference = NewReference();
        host.Receiver.Script("gone", new Answer(410));

        await Events.RecordAsync(Fact("gone", reference, WebhookEventKind.Submitted, status: "Received"), CancellationToken.None);
        var first = await WaitForDeliveryAsync("gone", reference, 1, row => row.State == DeliveryState.Failed);
        await Events.RecordAsync(Fact("gone", reference, WebhookEventKind.Decided, status: "Rejected"), CancellationToken.None);

        Assert.Equal("HTTP 410", first.LastResult);
        Assert.True((await Log.StateAsync(Partition("gone"), CancellationToken.None)).Disabled);
        var mail = await host.Mailbox.WaitForAsync("informatique@wh-gone.example", "désactivé");
        Assert.Contains("410 Gone", mail.Text, StringComparison.Ordinal);
        // The later event is recorded but not sent while the endpoint is disabled.
        var waiting = await WaitForDeliveryAsync("gone", reference, 2, row => row.State == DeliveryState.Pending);
        Assert.Equal(0, waiting.Attempts);
        Assert.Single(host.Receiver.At("gone"), request => request.Reference == reference);

        var result = await host.Services.Get<WebhookRedelivery>().RedeliverAsync(WebhookHostFixture.CommuneOf("gone"), "gone", reference, 1, "agent@wh-gone.example", CancellationToken.None);

        Assert.Equal(RedeliveryResult.Requested, result);
        var received = await host.Receiver.WaitForAsync("gone", requests => requests.Count(request => request.Reference == reference) >= 3);
        Assert.Equal([1L, 1L, 2L], received.Where(request => request.Reference == reference).Select(request => request.Sequence));
        Assert.False((await Log.StateAsync(Partition("gone"), CancellationToken.None)).Disabled);
        await WaitForDeliveryAsync("gone", reference, 2, row => row.State == DeliveryState.Delivered);
    }

    [Fact]
    public async Task Deliver_ReceiverAnswersRetryAfter_NextAttemptWaitsAsLongAsItAsked()
    {
        var reference = NewReference();
        host.Receiver.Script("busy", new Answer(503, RetryAfter: "2"));

        await Events.RecordAsync(Fact("busy", reference, WebhookEventKind.Submitted, status: "Received"), CancellationToken.None);

        await WaitForDeliveryAsync("busy", reference, 1, row => row.State == DeliveryState.Delivered);
        var (_, attempts) = await LogOfAsync("busy", reference);
        Assert.Equal([503, 200], attempts.Select(attempt => attempt.HttpStatus ?? 0));
        Assert.True(attempts[0].NextAttemptAt!.Value - attempts[0].At >= TimeSpan.FromSeconds(2), "the scaled schedule (0.5 ms) was used instead of Retry-After: 2");
        Assert.True(attempts[1].At >= attempts[0].NextAttemptAt);
    }

    [Fact]
    public async Task Deliver_FirstEventOfAnApplicationFails_LaterEventsWaitAndArriveInSequence()
    {
        var reference = NewReference();
        host.Receiver.Script("ordered", new Answer(500), new Answer(500));

        await Events.RecordAsync(Fact("ordered", reference, WebhookEventKind.Submitted, status: "Received"), CancellationToken.None);
        await Events.RecordAsync(Fact("ordered", reference, WebhookEventKind.ChangesRequested, "1", "ChangesRequested"), CancellationToken.None);
        await Events.RecordAsync(Fact("ordered", reference, WebhookEventKind.Decided, status: "Approved"), CancellationToken.None);

        var received = await host.Receiver.WaitForAsync("ordered", requests => requests.Count(request => request.Reference == reference) >= 5);
        var mine = received.Where(request => request.Reference == reference).ToList();
        Assert.Equal([1L, 1L, 1L, 2L, 3L], mine.Select(request => request.Sequence));
        Assert.Equal(["application.submitted", "application.changes_requested", "application.decided"], mine.Skip(2).Select(request => request.Type));
        Assert.All(mine, request => Assert.True(request.Verified, string.Join("; ", request.VerificationErrors)));
    }

    [Fact]
    public async Task Record_SameFactTwice_MakesOneEventAndOneDelivery()
    {
        var reference = NewReference();
        var fact = Fact("dedup", reference, WebhookEventKind.Submitted, status: "Received");

        await Events.RecordAsync(fact, CancellationToken.None);
        await Events.RecordAsync(fact with { OccurredAt = fact.OccurredAt.AddSeconds(5) }, CancellationToken.None);
        await Events.RecordAsync(Fact("dedup", reference, WebhookEventKind.Decided, status: "Rejected"), CancellationToken.None);
        await Events.RecordAsync(Fact("dedup", reference, WebhookEventKind.Decided, status: "Rejected"), CancellationToken.None);

        await WaitForDeliveryAsync("dedup", reference, 2, row => row.State == DeliveryState.Delivered);
        var (deliveries, _) = await LogOfAsync("dedup", reference);
        Assert.Equal([1L, 2L], deliveries.Select(row => row.Sequence));
        var events = host.Storage.Table(StorageNames.WebhookEventsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {reference}"));
        var eventRows = new List<string>();
        await foreach (var row in events)
        {
            eventRows.Add(row.RowKey);
        }

        Assert.Equal(2, eventRows.Count(key => key.StartsWith("event-", StringComparison.Ordinal)));
        Assert.Equal(2, host.Receiver.At("dedup").Count(request => request.Reference == reference));
    }

    [Fact]
    public async Task Observer_StepRepeatedAfterACrash_MakesNoSecondEvent()
    {
        var reference = NewReference();
        var observer = new WebhookStatusObserver(Events, host.Services.Get<Core.Procedures.ProcedureCatalog>());
        var row = new TableEntity(reference, ApplicationRecord.RowKeyValue) { [nameof(ApplicationRecord.ProcedureId)] = "school-enrolment", [nameof(ApplicationRecord.ReviewRound)] = 1 };
        StatusChanged Change(ApplicationStatus from, ApplicationStatus to) => new(reference, from, to, row, DateTimeOffset.UtcNow);

        // What the status writer calls: each change, then the same step again after a crash (from == to).
        await observer.OnStatusChangedAsync(Change(ApplicationStatus.Received, ApplicationStatus.UnderReview), CancellationToken.None);
        await observer.OnStatusChangedAsync(Change(ApplicationStatus.UnderReview, ApplicationStatus.UnderReview), CancellationToken.None);
        await observer.OnStatusChangedAsync(Change(ApplicationStatus.UnderReview, ApplicationStatus.Rejected), CancellationToken.None);
        await observer.OnStatusChangedAsync(Change(ApplicationStatus.Rejected, ApplicationStatus.Rejected), CancellationToken.None);

        var received = await host.Receiver.WaitForAsync("e2e", requests => requests.Count(request => request.Reference == reference) >= 2);
        var partition = WebhookLog.Partition("saint-exemple", "e2e");
        await WaitForAsync(async () => (await Log.DeliveriesOfAsync(partition, reference, CancellationToken.None)).All(delivery => delivery.GetString("State") == nameof(DeliveryState.Delivered)));
        var deliveries = await Log.DeliveriesOfAsync(partition, reference, CancellationToken.None);
        Assert.Equal(["application.submitted", "application.decided"], deliveries.Select(delivery => delivery.GetString("Type")));
        Assert.Equal(["application.submitted", "application.decided"], received.Where(request => request.Reference == reference).Select(request => request.Type));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the condition never held");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Deliver_EveryAttemptFails_EndsFailedAfterTenAttemptsAndCanBeRedelivered()
    {
        var reference = NewReference();
        host.Receiver.Script("exhausted", [.. Enumerable.Repeat(new Answer(500), 10)]);

        await Events.RecordAsync(Fact("exhausted", reference, WebhookEventKind.Submitted, status: "Received"), CancellationToken.None);

        var failed = await WaitForDeliveryAsync("exhausted", reference, 1, row => row.State == DeliveryState.Failed);
        Assert.Equal(10, failed.Attempts);
        var (_, attempts) = await LogOfAsync("exhausted", reference);
        Assert.Equal(Enumerable.Repeat(500, 10), attempts.Select(attempt => attempt.HttpStatus ?? 0));

        Assert.Equal(RedeliveryResult.Requested, await host.Services.Get<WebhookRedelivery>().RedeliverAsync(WebhookHostFixture.CommuneOf("exhausted"), "exhausted", reference, 1, "agent@wh-exhausted.example", CancellationToken.None));

        var delivered = await WaitForDeliveryAsync("exhausted", reference, 1, row => row.State == DeliveryState.Delivered);
        Assert.Equal(11, delivered.Attempts);
    }

    [Fact]
    public async Task Deliver_ReceiverRedirects_IsNotFollowedAndCountsAsAFailedAttempt()
    {
        var reference = NewReference();
        host.Receiver.Script("redirect", new Answer(302, Location: host.Receiver.Url("elsewhere").ToString()));

        await Events.RecordAsync(Fact("redirect", reference, WebhookEventKind.Submitted, status: "Received"), CancellationToken.None);

        await WaitForDeliveryAsync("redirect", reference, 1, row => row.State == DeliveryState.Delivered);
        var (_, attempts) = await LogOfAsync("redirect", reference);
        Assert.Equal([302, 200], attempts.Select(attempt => attempt.HttpStatus ?? 0));
        Assert.Empty(host.Receiver.At("elsewhere"));
    }

    [Fact]
    public async Task Redeliver_AnotherCommunesEndpoint_IsNotFound()
    {
        var reference = NewReference();
        await Events.RecordAsync(Fact("observer", reference, WebhookEventKind.Submitted, status: "Received"), CancellationToken.None);
        await WaitForDeliveryAsync("observer", reference, 1, row => row.State == DeliveryState.Delivered);

        var result = await host.Services.Get<WebhookRedelivery>().RedeliverAsync(WebhookHostFixture.CommuneOf("flaky"), "observer", reference, 1, "agent@wh-flaky.example", CancellationToken.None);

        Assert.Equal(RedeliveryResult.NotFound, result);
    }

    /// <summary>The delivery log of one event as text, for the closing note.</summary>
    private static string Describe(string endpoint, DeliveryRow delivery, IReadOnlyList<AttemptRow> attempts)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"endpoint {endpoint} — event {delivery.EventId} ({delivery.Type}, {delivery.Reference} #{delivery.Sequence}) — state {delivery.State} after {delivery.Attempts} attempts, delivered at {delivery.DeliveredAt:O}");
        foreach (var attempt in attempts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  attempt {attempt.Number}: at {attempt.At:O}, {attempt.DurationMs} ms, {(attempt.HttpStatus is { } status ? $"HTTP {status}" : attempt.Error)}, next try {(attempt.NextAttemptAt is { } next ? next.ToString("O", CultureInfo.InvariantCulture) : "none")}");
        }

        return text.ToString();
    }
}
