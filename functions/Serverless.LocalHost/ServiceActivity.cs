using Microsoft.DurableTask;

namespace Serverless.LocalHost;

/// <summary>Adapts an activity class of Core (resolved from DI) to the Durable Task SDK's activity contract.</summary>
internal sealed class ServiceActivity<TInput, TOutput>(Func<TInput, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(input);
}
