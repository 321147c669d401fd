using Microsoft.DurableTask.Client;
using Serverless.Core.Workflow;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's RecoverSubmissions timer: the same recovery, every minute.</summary>
public sealed partial class RecoveryLoop(SubmissionRecovery recovery, DurableTaskClient durable, ILogger<RecoveryLoop> logger) : BackgroundService
{
    public const string FunctionName = "RecoverSubmissions";

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await recovery.RecoverAsync(durable, SubmissionRecovery.MinimumAge, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Storage or the task hub is momentarily unavailable: the next tick tries again.
                LogFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submission recovery failed; retrying at the next tick")]
    private partial void LogFailed(Exception exception);
}
