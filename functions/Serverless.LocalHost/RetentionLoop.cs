using Microsoft.Extensions.Options;
using Serverless.Core.Retention;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's ApplyRetention timer: the same run, every <c>Retention:Interval</c>.</summary>
/// <remarks>
/// The sweep is resolved at the first tick, not when the host builds its hosted services: it depends on the link
/// signers, which read the review keys, and reading them then would pre-empt the start-up check that reports every
/// configuration problem at once.
/// </remarks>
public sealed class RetentionLoop(IServiceProvider services, IOptions<RetentionOptions> options, ILogger<RetentionLoop> logger)
    : TimerTwinLoop(options.Value.Interval, logger)
{
    public const string FunctionName = "ApplyRetention";

    protected override string TwinOf => FunctionName;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => services.GetRequiredService<RetentionSweep>().RunAsync(services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>(), cancellationToken);
}
