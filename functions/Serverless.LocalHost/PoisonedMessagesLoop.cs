using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Workflow;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's ResumePoisonedMessages timer: the same run, every <c>Recovery:PoisonedMessagesInterval</c>.</summary>
public sealed class PoisonedMessagesLoop(PoisonedMessages poisoned, IOptions<RecoveryOptions> options, ILogger<PoisonedMessagesLoop> logger)
    : TimerTwinLoop(options.Value.PoisonedMessagesInterval, logger)
{
    public const string FunctionName = "ResumePoisonedMessages";

    protected override string TwinOf => FunctionName;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => poisoned.ResumeAsync(cancellationToken);
}
