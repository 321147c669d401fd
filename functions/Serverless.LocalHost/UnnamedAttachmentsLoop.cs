using Microsoft.Extensions.Options;
using Serverless.Core.Retention;
using Serverless.Core.Workflow;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's RemoveUnnamedAttachments timer: the same sweep, every <c>Recovery:UnnamedAttachmentsInterval</c>.</summary>
public sealed class UnnamedAttachmentsLoop(UnnamedAttachmentSweep sweep, IOptions<RecoveryOptions> options, ILogger<UnnamedAttachmentsLoop> logger)
    : TimerTwinLoop(options.Value.UnnamedAttachmentsInterval, logger)
{
    public const string FunctionName = "RemoveUnnamedAttachments";

    protected override string TwinOf => FunctionName;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => sweep.SweepAsync(cancellationToken);
}
