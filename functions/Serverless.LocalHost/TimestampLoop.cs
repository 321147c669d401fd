using Microsoft.Extensions.Options;
using Serverless.Core.Transparency;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's TimestampCheckpoints timer: the same run, every <c>Transparency:TimestampInterval</c>.</summary>
public sealed partial class TimestampLoop(CheckpointTimestamper timestamper, IOptions<TransparencyOptions> options, ILogger<TimestampLoop> logger) : BackgroundService
{
    public const string FunctionName = "TimestampCheckpoints";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.TimestampInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await timestamper.RunAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Storage is momentarily unavailable: or the authority is unreachable: the next tick tries again.
                LogFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint timestamping failed; retrying at the next tick")]
    private partial void LogFailed(Exception exception);
}
