using Microsoft.Extensions.Options;
using Serverless.Core.Transparency;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's SignCheckpoints timer: the same run, every <c>Transparency:CheckpointInterval</c>.</summary>
public sealed class CheckpointLoop(Checkpointer checkpointer, IOptions<TransparencyOptions> options, ILogger<CheckpointLoop> logger)
    : TimerTwinLoop(options.Value.CheckpointInterval, logger)
{
    public const string FunctionName = "SignCheckpoints";

    protected override string TwinOf => FunctionName;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => checkpointer.RunAsync(cancellationToken);
}
