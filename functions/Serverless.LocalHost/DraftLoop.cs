using Microsoft.Extensions.Options;
using Serverless.Core.Drafts;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's SweepDrafts timer: the same sweep, every <c>Drafts:SweepInterval</c>.</summary>
public sealed class DraftLoop(DraftSweeper sweeper, IOptions<DraftOptions> options, ILogger<DraftLoop> logger)
    : TimerTwinLoop(options.Value.SweepInterval, logger)
{
    public const string FunctionName = "SweepDrafts";

    protected override string TwinOf => FunctionName;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweeper.SweepAsync(cancellationToken);
}
