using Microsoft.Extensions.Options;
using Serverless.Core.OpenData;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's PublishOpenData timer: the same run, every <c>OpenData:PublishInterval</c>.</summary>
public sealed class OpenDataLoop(NightlyStatistics nightly, IOptions<OpenDataOptions> options, ILogger<OpenDataLoop> logger)
    : TimerTwinLoop(options.Value.PublishInterval, logger)
{
    public const string FunctionName = "PublishOpenData";

    protected override string TwinOf => FunctionName;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => nightly.RunAsync(cancellationToken);
}
