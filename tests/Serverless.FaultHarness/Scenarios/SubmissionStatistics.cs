using System.Globalization;
using Serverless.FaultHarness.Reporting;
using Serverless.FaultHarness.Workload;

namespace Serverless.FaultHarness.Scenarios;

/// <summary>Counts the answers to the first attempt of every submission (the ones a fault can spoil).</summary>
public static class SubmissionStatistics
{
    public static SubmissionSummary Summarize(IReadOnlyList<Submission> submissions)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        var first = submissions.Select(submission => submission.Attempts[0]).ToList();
        return new SubmissionSummary(
            submissions.Sum(submission => submission.Attempts.Count),
            submissions.Count(submission => submission.Accepted is not null),
            first.GroupBy(attempt => attempt.StatusCode == 0 ? "no answer" : attempt.StatusCode.ToString(CultureInfo.InvariantCulture))
                .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal),
            first.Count(attempt => attempt.StatusCode == 503 && attempt.RetryAfter is not null),
            first.Count(attempt => attempt.StatusCode == 503 && attempt.RetryAfter is null),
            first.Count(attempt => attempt.StatusCode >= 500 && !attempt.HasBody),
            first.Count(attempt => attempt.StatusCode == 0),
            [.. first.Where(attempt => !attempt.Accepted).Take(5).Select(attempt => $"{attempt.StatusCode} {attempt.Error}")]);
    }
}
