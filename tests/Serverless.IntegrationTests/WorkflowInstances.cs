using Microsoft.DurableTask.Client;
using Serverless.Core.Applications;

namespace Serverless.IntegrationTests;

/// <summary>Waits on an application's workflow instance, as the tests that reach under the HTTP surface need.</summary>
internal static class WorkflowInstances
{
    /// <summary>Polls the instance until its custom status (what it waits for) contains <paramref name="customStatus"/>; 60 s at most.</summary>
    public static async Task<OrchestrationMetadata> WaitForCustomStatusAsync(DurableTaskClient durable, string reference, string customStatus)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var instance = await durable.GetInstanceAsync(ApplicationReference.InstanceId(reference), getInputsAndOutputs: true, timeout.Token);
            if (instance?.SerializedCustomStatus?.Contains(customStatus, StringComparison.Ordinal) == true)
            {
                return instance;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
