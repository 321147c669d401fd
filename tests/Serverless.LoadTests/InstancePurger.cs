using System.Collections.Concurrent;
using System.Threading.Channels;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Applications;
using Serverless.LocalHost;

namespace Serverless.LoadTests;

/// <summary>
/// Purges each application's orchestration instance once it has ended, as the product's retention sweep does after
/// its grace period (<c>WorkflowPurger</c>: read the instance, purge it only when it is Completed, Failed or
/// Terminated). It speaks to the task hub as a client of the Azure Storage backend, with the local host's own settings
/// (<see cref="DurableSidecar.Settings"/>): the calls the sidecar makes for <c>DurableTaskClient.GetInstanceAsync</c>
/// and <c>PurgeInstanceAsync</c>, without a second sidecar, which would start a second worker on the product's task hub.
/// </summary>
public sealed class InstancePurger : IAsyncDisposable
{
    /// <summary>An instance still running when its certificate arrived is looked at again this often, this many times.</summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);
    private const int MaxAttempts = 30;
    private const int Workers = 2;

    private readonly AzureStorageOrchestrationService backend;
    private readonly Channel<(string Reference, int Attempt)> due = Channel.CreateUnbounded<(string, int)>();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public InstancePurger(IReadOnlyDictionary<string, string> hostSettings)
    {
        ArgumentNullException.ThrowIfNull(hostSettings);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(hostSettings.ToDictionary(pair => pair.Key.Replace("__", ":", StringComparison.Ordinal), pair => (string?)pair.Value))
            .Build();
        // Constructed, never started: a client only (no partition leases, no queue polling).
        backend = new AzureStorageOrchestrationService(DurableSidecar.Settings(configuration, NullLoggerFactory.Instance));
        loop = Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync)));
    }

    public ConcurrentDictionary<string, DateTimeOffset> PurgedAt { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<string> Failures { get; } = [];

    /// <summary>The application is final (its certificate e-mail arrived): purge its instance once it has ended.</summary>
    public void Enqueue(string reference) => due.Writer.TryWrite((reference, 1));

    private async Task WorkAsync()
    {
        try
        {
            await foreach (var (reference, attempt) in due.Reader.ReadAllAsync(stop.Token))
            {
                await PurgeAsync(reference, attempt);
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private async Task PurgeAsync(string reference, int attempt)
    {
        var instanceId = ApplicationReference.InstanceId(reference);
        try
        {
            var state = (await backend.GetOrchestrationStateAsync(instanceId, allExecutions: false)).FirstOrDefault();
            if (state is null)
            {
                PurgedAt.TryAdd(reference, DateTimeOffset.UtcNow);
                return;
            }

            if (state.OrchestrationStatus is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated)
            {
                await backend.PurgeInstanceHistoryAsync(instanceId);
                PurgedAt.TryAdd(reference, DateTimeOffset.UtcNow);
                return;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            if (attempt >= MaxAttempts)
            {
                Failures.Add($"{reference}: purge failed ({exception.GetType().Name} {exception.Message})");
                return;
            }
        }

        if (attempt >= MaxAttempts)
        {
            Failures.Add($"{reference}: instance still running after {MaxAttempts} looks, not purged");
            return;
        }

        // Looked at again later, without holding a worker.
        _ = Task.Delay(RetryDelay, stop.Token).ContinueWith(_ => due.Writer.TryWrite((reference, attempt + 1)), TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        due.Writer.TryComplete();
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }
}
