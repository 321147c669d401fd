using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Core.Workflow;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's RecoverSubmissions timer: the same sweep, every <c>Recovery:Interval</c>.</summary>
public sealed partial class RecoveryLoop(RequestSweeper sweeper, DurableTaskClient durable, IOptions<RecoveryOptions> options, ILogger<RecoveryLoop> logger) : BackgroundService
{
    public const string FunctionName = "RecoverSubmissions";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sweeper.SweepAsync(durable, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Storage or the task hub is momentarily unavailable: the next tick tries again.
                LogFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request sweep failed; retrying at the next tick")]
    private partial void LogFailed(Exception exception);
}
