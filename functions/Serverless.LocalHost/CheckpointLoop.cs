using Microsoft.Extensions.Options;
using Serverless.Core.Transparency;

namespace Serverless.LocalHost;

/// <summary>The local host's twin of the Functions app's SignCheckpoints timer: the same run, every <c>Transparency:CheckpointInterval</c>.</summary>
public sealed partial class CheckpointLoop(Checkpointer checkpointer, IOptions<TransparencyOptions> options, ILogger<CheckpointLoop> logger) : BackgroundService
{
    public const string FunctionName = "SignCheckpoints";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await checkpointer.RunAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Storage is momentarily unavailable: the next tick signs what this one could not.
                LogFailed(exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkpoint signing failed; retrying at the next tick")]
    private partial void LogFailed(Exception exception);
}
