using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.LocalHost;

namespace Serverless.LoadTests;

/// <summary>
/// The engine's own ceiling: an orchestration with the product's happy path shape — two activities, one external
/// event, two activities (as ApplicationWorkflowV3: admission, review round; decision; certificate, citizen's notice;
/// its e-mails are sent outside the orchestration) — whose activities do nothing. Runs in this process on the same
/// Azurite, through the same sidecar and the same backend settings as the local host (<see cref="DurableSidecar.Settings"/>),
/// on a task hub of its own. The event is raised when the second activity has run, as an agent approves once the
/// review round is open. With <c>reviewTimer</c> the wait for the event is bounded by a durable timer days away, which
/// the event cancels, as the product's review round waits for the next reminder or the deadline: the backend's timer
/// message then stays on a control queue, invisible until it falls due, after the instance has ended.
/// </summary>
public static class BareOrchestration
{
    public const int ActivitiesBeforeEvent = 2;
    public const int ActivitiesAfterEvent = 2;
    private const string Name = "BareApplication";
    private const string Nothing = "DoNothing";
    private const string Reviewed = "Reviewed";
    private const string Decision = "Decision";
    private const string Done = "Done";

    public sealed record Result(double CompletedPerSecond, SampleSet StartToReview, SampleSet EventToDone, int Completed);

    /// <summary>How far away the review timer is set (never reached in a run).</summary>
    private static readonly TimeSpan ReviewTimer = TimeSpan.FromDays(2);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> hostSettings, int count, int concurrency, TimeSpan timeout, bool reviewTimer = false)
    {
        var settings = hostSettings.ToDictionary(pair => pair.Key.Replace("__", ":", StringComparison.Ordinal), pair => (string?)pair.Value);
        settings["TaskHubName"] = "bare" + Guid.NewGuid().ToString("N")[..8];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var sidecar = await DurableSidecar.StartAsync(configuration, CancellationToken.None);
        using var channel = GrpcChannel.ForAddress(sidecar.Address);

        var reviewed = Channel.CreateUnbounded<string>();
        var reviewedAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var raisedAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var doneAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            worker.AddTasks(tasks =>
            {
                tasks.AddOrchestratorFunc<string, string>(Name, async (context, id) =>
                {
                    for (var step = 0; step < ActivitiesBeforeEvent; step++)
                    {
                        await context.CallActivityAsync<string>(step == ActivitiesBeforeEvent - 1 ? Reviewed : Nothing, id);
                    }

                    await (reviewTimer ? context.WaitForExternalEvent<string>(Decision, ReviewTimer) : context.WaitForExternalEvent<string>(Decision));
                    for (var step = 0; step < ActivitiesAfterEvent; step++)
                    {
                        await context.CallActivityAsync<string>(step == ActivitiesAfterEvent - 1 ? Done : Nothing, id);
                    }

                    return id;
                });
                tasks.AddActivityFunc<string, string>(Nothing, (_, id) => id);
                tasks.AddActivityFunc<string, string>(Reviewed, (_, id) =>
                {
                    if (reviewedAt.TryAdd(id, Stopwatch.GetTimestamp()))
                    {
                        reviewed.Writer.TryWrite(id);
                    }

                    return id;
                });
                tasks.AddActivityFunc<string, string>(Done, (_, id) =>
                {
                    doneAt.TryAdd(id, Stopwatch.GetTimestamp());
                    return id;
                });
            });
        });
        builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        var scheduledAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var start = Stopwatch.GetTimestamp();
        await using (new ProgressBar("bare orchestration", count, () => (doneAt.Count, $"reviewed {reviewedAt.Count}")))
        {
            using var deadline = new CancellationTokenSource(timeout);
            var raisers = Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                try
                {
                    await foreach (var id in reviewed.Reader.ReadAllAsync(deadline.Token))
                    {
                        raisedAt[id] = Stopwatch.GetTimestamp();
                        await client.RaiseEventAsync(id, Decision, "approve");
                    }
                }
                catch (OperationCanceledException)
                {
                    // Every instance is done, or the time is up.
                }
            }));
            await ClosedLoop.RunAsync(count, concurrency, async index =>
            {
                var id = $"bare-{index:D5}";
                scheduledAt[id] = Stopwatch.GetTimestamp();
                await client.ScheduleNewOrchestrationInstanceAsync(Name, id, new StartOrchestrationOptions(id));
            });
            while (doneAt.Count < count && !deadline.IsCancellationRequested)
            {
                await Task.Delay(100);
            }

            await deadline.CancelAsync();
            await raisers;
        }

        var last = doneAt.Values.DefaultIfEmpty(Stopwatch.GetTimestamp()).Max();
        var seconds = (last - start) / (double)Stopwatch.Frequency;
        var toReview = new SampleSet();
        var toDone = new SampleSet();
        foreach (var (id, at) in reviewedAt)
        {
            toReview.Add((at - start) / (double)Stopwatch.Frequency, (at - scheduledAt[id]) * 1000.0 / Stopwatch.Frequency);
        }

        foreach (var (id, at) in doneAt)
        {
            toDone.Add((at - start) / (double)Stopwatch.Frequency, (at - raisedAt[id]) * 1000.0 / Stopwatch.Frequency);
        }

        await host.StopAsync();
        return new Result(doneAt.Count / seconds, toReview, toDone, doneAt.Count);
    }
}
