using System.Diagnostics;
using Serverless.Core.BackOffice;

namespace Serverless.Core.Tests;

/// <summary>The agents' sign-in answers at one pace, whatever the mail relay does.</summary>
public sealed class FixedPaceTests
{
    [Fact]
    public async Task RunAsync_RelayThatHangs_AnswersAfterTheFixedTimeAndTheSendStillRuns()
    {
        var relay = new TaskCompletionSource();
        var sent = new TaskCompletionSource();
        var watch = Stopwatch.StartNew();

        await FixedPace.RunAsync(
            async () =>
            {
                await relay.Task;
                sent.SetResult();
            },
            TimeSpan.FromMilliseconds(200),
            TimeProvider.System,
            CancellationToken.None);

        Assert.InRange(watch.ElapsedMilliseconds, 150, 2000);
        Assert.False(sent.Task.IsCompleted);
        relay.SetResult();
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task RunAsync_QuickWork_StillWaitsTheFixedTime()
    {
        var watch = Stopwatch.StartNew();

        await FixedPace.RunAsync(() => Task.CompletedTask, TimeSpan.FromMilliseconds(300), TimeProvider.System, CancellationToken.None);

        Assert.True(watch.ElapsedMilliseconds >= 250, $"{watch.ElapsedMilliseconds} ms");
    }
}
