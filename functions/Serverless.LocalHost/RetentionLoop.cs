using Microsoft.Extensions.Options;
using Serverless.Core.Retention;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's ApplyRetention timer: the same run, every <c>Retention:Interval</c>.</summary>
public sealed class RetentionLoop(RetentionSweep sweep, IOptions<RetentionOptions> options, ILogger<RetentionLoop> logger)
    : TimerTwinLoop(options.Value.Interval, logger)
{
    public const string FunctionName = "ApplyRetention";

    protected override string TwinOf => FunctionName;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweep.RunAsync(cancellationToken);
}
