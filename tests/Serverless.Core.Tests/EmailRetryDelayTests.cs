using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Tests;

/// <summary>The e-mail dispatcher waits as the workflow's steps do: quick retries, then the incident back-off up to its cap.</summary>
public sealed class EmailRetryDelayTests
{
    [Fact]
    public void RetryDelay_FailuresPastTheQuickRetries_DoubleFromTheIncidentDelayUpToTheCap()
    {
        var retry = WorkflowRetry.Default;

        var seconds = Enumerable.Range(1, 9).Select(failures => (int)EmailDispatcher.RetryDelay(retry, failures).TotalSeconds);

        Assert.Equal([10, 20, 40, 80, 160, 300, 600, 1200, 2400], seconds);
        Assert.Equal(TimeSpan.FromHours(6), EmailDispatcher.RetryDelay(retry, 40));
    }
}
