using Serverless.FaultHarness.Analysis;
using Serverless.FaultHarness.Product;

namespace Serverless.FaultHarness.Reporting;

/// <summary>A property a scenario expects beyond "nothing lost, nothing twice" (e.g. 503 with Retry-After).</summary>
public sealed record Check(string Name, bool Passed, string Detail);

/// <summary>Submission answers of a scenario, by kind.</summary>
public sealed record SubmissionSummary(
    int Attempts,
    int Accepted,
    IReadOnlyDictionary<string, int> FirstAnswers,
    int Refused503WithRetryAfter,
    int Refused503WithoutRetryAfter,
    int ServerErrorsWithoutBody,
    int NoAnswer,
    IReadOnlyList<string> Examples);

/// <summary>What one scenario did and found, as written to <c>artifacts/faults/&lt;scenario&gt;.json</c>.</summary>
public sealed record ScenarioReport
{
    public required string Scenario { get; init; }

    public required string Description { get; init; }

    public required string CodeVersion { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public double DurationSeconds => (FinishedAt - StartedAt).TotalSeconds;

    public required int ApplicationsRequested { get; init; }

    public required SubmissionSummary Submissions { get; init; }

    public required IReadOnlyList<FaultEvent> Faults { get; init; }

    public required IReadOnlyList<ApprovalResult> Approvals { get; init; }

    /// <summary>Seconds: submitting, approving, and from the end of the last fault until every application was final.</summary>
    public required IReadOnlyDictionary<string, double> TimingsSeconds { get; init; }

    public required IReadOnlyDictionary<string, int> FinalStates { get; init; }

    public int Lost => Applications.Count(application => application.Lost.Count > 0);

    public int Duplicates => Applications.Sum(application => application.Duplicates.Count);

    /// <summary>Decision documents of the signature circuit signed twice (also counted among the duplicates).</summary>
    public int SignedTwice => Applications.Sum(application => application.SignedTwice);

    /// <summary>Payments PayFiP took beyond the one that settled a debt and that the app did not flag for refund (also counted among the duplicates).</summary>
    public int PaidTwice => Applications.Sum(application => application.PaidTwice);

    public int SameMessageIdCopies => Applications.Sum(application => application.SameMessageIdCopies);

    public required IReadOnlyList<Check> Checks { get; init; }

    public required IReadOnlyList<string> Findings { get; init; }

    public required IReadOnlyList<ApplicationVerdict> Applications { get; init; }

    public bool Passed => Lost == 0 && Duplicates == 0 && Checks.All(check => check.Passed);
}
