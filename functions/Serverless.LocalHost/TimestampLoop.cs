using Microsoft.Extensions.Options;
using Serverless.Core.Transparency;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's TimestampCheckpoints timer: the same run, every <c>Transparency:TimestampInterval</c>.</summary>
public sealed class TimestampLoop(CheckpointTimestamper timestamper, IOptions<TransparencyOptions> options, ILogger<TimestampLoop> logger)
    : TimerTwinLoop(options.Value.TimestampInterval, logger)
{
    public const string FunctionName = "TimestampCheckpoints";

    protected override string TwinOf => FunctionName;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => timestamper.RunAsync(cancellationToken);
}
