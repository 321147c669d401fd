namespace Serverless.LocalHost;

/// <summary>
/// The local host's twin of a Functions timer trigger: runs the same Core job at a fixed interval; a failed run (storage
/// or an authority momentarily unavailable) is logged and the next tick tries again.
/// </summary>
public abstract partial class TimerTwinLoop(TimeSpan interval, ILogger logger) : BackgroundService
{
    /// <summary>The name of the Functions app's timer function this loop stands in for.</summary>
    protected abstract string TwinOf { get; }

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogFailed(logger, exception, TwinOf);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} failed; retrying at the next tick")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job);
}
