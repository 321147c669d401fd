using System.Collections.Concurrent;
using Serverless.FaultHarness.Product;

namespace Serverless.FaultHarness.Workload;

/// <summary>Approves applications through the agent's e-mail links, a few at a time; calls back after each one.</summary>
public sealed class Approvals(ReviewAgent agent)
{
    public async Task<IReadOnlyList<ApprovalResult>> ApproveAsync(IReadOnlyList<(string Reference, string MailId)> work, int concurrency, Func<int, Task>? afterEach = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        var results = new ConcurrentBag<ApprovalResult>();
        var next = -1;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < work.Count)
            {
                results.Add(await agent.ApproveAsync(work[index].Reference, work[index].MailId));
                var count = Interlocked.Increment(ref done);
                if (afterEach is not null)
                {
                    await afterEach(count);
                }
            }
        }));
        return [.. results.OrderBy(result => result.At)];
    }
}
