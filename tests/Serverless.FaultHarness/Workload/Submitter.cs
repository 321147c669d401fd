using System.Collections.Concurrent;
using Serverless.FaultHarness.Product;

namespace Serverless.FaultHarness.Workload;

/// <summary>One application the harness tried to file: every attempt, and the receipt if one was accepted.</summary>
public sealed class Submission(int index, string parentEmail, string idempotencyKey)
{
    private readonly List<SubmissionAttempt> attempts = [];

    public int Index { get; } = index;

    public string ParentEmail { get; } = parentEmail;

    public string IdempotencyKey { get; } = idempotencyKey;

    public IReadOnlyList<SubmissionAttempt> Attempts => attempts;

    public SubmissionAttempt? Accepted => attempts.LastOrDefault(attempt => attempt.Accepted);

    public string? Reference => Accepted?.Reference;

    internal void Add(SubmissionAttempt attempt) => attempts.Add(attempt);
}

/// <summary>Files applications as citizens do, a few at a time, each with its own Idempotency-Key.</summary>
public sealed class Submitter(CitizenApi citizen)
{
    public async Task<IReadOnlyList<Submission>> SubmitAsync(int count, int concurrency, TimeSpan? pace = null, Func<int, Task>? beforeEach = null)
    {
        var submissions = new ConcurrentBag<Submission>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                if (beforeEach is not null)
                {
                    await beforeEach(index);
                }

                var submission = new Submission(index, $"parent.{index}.{Guid.NewGuid():N}@example.org", Guid.NewGuid().ToString("N"));
                submission.Add(await citizen.SubmitAsync(submission.ParentEmail, index, submission.IdempotencyKey));
                submissions.Add(submission);
                if (pace is { } delay)
                {
                    await Task.Delay(delay);
                }
            }
        }));
        return [.. submissions.OrderBy(submission => submission.Index)];
    }

    /// <summary>A citizen who was refused tries again with the same Idempotency-Key (bounded).</summary>
    public async Task RetryRefusedAsync(IEnumerable<Submission> submissions, int maxAttempts, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        foreach (var submission in submissions.Where(candidate => candidate.Accepted is null))
        {
            for (var attempt = 0; attempt < maxAttempts && submission.Accepted is null; attempt++)
            {
                if (attempt > 0)
                {
                    await Task.Delay(delay);
                }

                submission.Add(await citizen.SubmitAsync(submission.ParentEmail, submission.Index, submission.IdempotencyKey));
            }
        }
    }
}
