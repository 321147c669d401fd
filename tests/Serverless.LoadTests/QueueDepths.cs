using System.Collections.Concurrent;
using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;

namespace Serverless.LoadTests;

/// <summary>
/// The watched queues at one moment (seconds since the window began): each one's approximate message count, which
/// includes messages not visible yet (a durable timer's message waits on a control queue, invisible, until it is due,
/// even after its orchestration has ended), and the messages visible now, counted by a peek (at most
/// <see cref="QueueDepths.PeekLimit"/> per queue): the work waiting to be taken.
/// </summary>
public sealed record DepthSample(double AtSeconds, IReadOnlyDictionary<string, int> Depths, IReadOnlyDictionary<string, int> Visible)
{
    public int Total => Depths.Values.Sum();

    public int VisibleTotal => Visible.Values.Sum();
}

/// <summary>
/// Samples the depth of the task hub's queues (its control queues and its work-item queue) and of the product's own
/// queues (workflow starts, e-mail deliveries, webhook deliveries) every few seconds, with one
/// <c>Get Queue Properties</c> per queue: a handful of cheap calls, not enough to disturb the run.
/// </summary>
public sealed class QueueDepths : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    /// <summary>The most a peek returns (the service's limit).</summary>
    public const int PeekLimit = 32;
    private readonly IReadOnlyList<QueueClient> queues;
    private readonly ConcurrentQueue<DepthSample> samples = new();
    private readonly CancellationTokenSource stop = new();
    private readonly long origin;
    private readonly Task loop;

    private QueueDepths(IReadOnlyList<QueueClient> queues, long origin)
    {
        this.queues = queues;
        this.origin = origin;
        loop = Task.Run(RunAsync);
    }

    public IReadOnlyList<DepthSample> Samples => [.. samples];

    /// <summary>Watches <paramref name="taskHub"/>'s queues (control queues found by listing) and the named product queues.</summary>
    public static async Task<QueueDepths> StartAsync(string connectionString, string taskHub, IEnumerable<string> productQueues, long origin)
    {
        var service = new QueueServiceClient(connectionString);
        var prefix = taskHub.ToLowerInvariant() + "-";
        var names = new SortedSet<string>(productQueues, StringComparer.Ordinal);
        await foreach (var queue in service.GetQueuesAsync(prefix: prefix + "control-"))
        {
            names.Add(queue.Name);
        }

        names.Add(prefix + "workitems");
        return new QueueDepths([.. names.Select(service.GetQueueClient)], origin);
    }

    public DepthSample? Latest => samples.LastOrDefault();

    private async Task RunAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var depths = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var visible = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var queue in queues)
            {
                try
                {
                    depths[queue.Name] = (await queue.GetPropertiesAsync(stop.Token)).Value.ApproximateMessagesCount;
                    visible[queue.Name] = (await queue.PeekMessagesAsync(PeekLimit, stop.Token)).Value.Length;
                }
                catch (RequestFailedException exception) when (exception.Status == 404)
                {
                    // Not created yet (the product creates its queues on first use).
                    depths[queue.Name] = 0;
                    visible[queue.Name] = 0;
                }
                catch (Exception exception) when (exception is RequestFailedException or OperationCanceledException)
                {
                    // Azurite busy or the window over: this sample goes without the queue.
                }
            }

            samples.Enqueue(new DepthSample(Stopwatch.GetElapsedTime(origin).TotalSeconds, depths, visible));
            try
            {
                await Task.Delay(Interval, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
