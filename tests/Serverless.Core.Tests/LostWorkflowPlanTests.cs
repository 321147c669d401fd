using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Review;
using Serverless.Core.Workflow;

namespace Serverless.Core.Tests;

/// <summary>Where a pending application whose workflow was lost resumes, read from its recorded state alone.</summary>
public sealed class LostWorkflowPlanTests
{
    private static readonly DateTimeOffset Asked = new(2026, 11, 30, 11, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Corrected = new(2026, 12, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AnswerDue = new(2026, 12, 15, 23, 0, 0, TimeSpan.Zero);

    private static ApplicationRecord Record(ApplicationStatus status, int round = 1, ApplicationStatus? beforeIncident = null) => new()
    {
        PartitionKey = "ECO-2026-PLAN01",
        Status = status.ToString(),
        ReviewRound = round,
        StatusBeforeIncident = beforeIncident?.ToString(),
        AnswerDueAt = status == ApplicationStatus.ChangesRequested || beforeIncident == ApplicationStatus.ChangesRequested ? AnswerDue : null,
    };

    private static RecordedDecision Changes(DateTimeOffset at) => new(nameof(ReviewAction.RequestChanges), "agent@saint-exemple.example", "Précisez.", at);

    private static AuditEntry CorrectionEntry(DateTimeOffset at) => new(AuditAction.CorrectionSubmitted, at, "citizen", string.Empty);

    [Fact]
    public void From_UnderReviewInRound2AfterACorrection_ResumesRound2WithTheCorrectionsInstants()
    {
        var (resume, why) = LostWorkflowPlan.From(
            Record(ApplicationStatus.UnderReview, round: 2),
            new Dictionary<int, RecordedDecision> { [1] = Changes(Asked) },
            new Dictionary<string, AuditEntry> { [AuditSteps.Correction(1)] = CorrectionEntry(Corrected) },
            restart: 1,
            cause: "lost");

        Assert.Null(why);
        Assert.Equal(ResumeStage.Review, resume!.Stage);
        Assert.Equal(2, resume.Round);
        Assert.Equal([new CorrectionSpan(Asked, Corrected)], resume.Corrections);
        Assert.Equal(100, resume.IncidentNumber);
    }

    [Fact]
    public void From_ChangesRequested_ResumesTheWaitFromTheRequestToItsAnswerDate()
    {
        var (resume, _) = LostWorkflowPlan.From(Record(ApplicationStatus.ChangesRequested), new Dictionary<int, RecordedDecision> { [1] = Changes(Asked) }, new Dictionary<string, AuditEntry>(), 3, "lost");

        Assert.Equal(ResumeStage.Correction, resume!.Stage);
        Assert.Equal(Asked, resume.SuspendedAt);
        Assert.Equal(AnswerDue, resume.AnswerDueAt);
        Assert.Equal(300, resume.IncidentNumber);
    }

    [Fact]
    public void From_InIncidentDuringReview_ResumesTheInterruptedStatus()
    {
        var (resume, _) = LostWorkflowPlan.From(Record(ApplicationStatus.Incident, beforeIncident: ApplicationStatus.UnderReview), new Dictionary<int, RecordedDecision>(), new Dictionary<string, AuditEntry>(), 1, "failed");

        Assert.Equal(ResumeStage.Review, resume!.Stage);
        Assert.Equal(1, resume.Round);
    }

    [Fact]
    public void From_ReceivedOrIncidentBeforeAdmission_StartsFromAdmission()
    {
        Assert.Equal(ResumeStage.Admission, LostWorkflowPlan.From(Record(ApplicationStatus.Received), new Dictionary<int, RecordedDecision>(), new Dictionary<string, AuditEntry>(), 1, "x").Resume!.Stage);
        Assert.Equal(ResumeStage.Admission, LostWorkflowPlan.From(Record(ApplicationStatus.Incident), new Dictionary<int, RecordedDecision>(), new Dictionary<string, AuditEntry>(), 1, "x").Resume!.Stage);
    }

    [Fact]
    public void From_Round2WithoutTheCorrectionsRecordedInstant_IsUnsafeAndSaysWhy()
    {
        var (resume, why) = LostWorkflowPlan.From(Record(ApplicationStatus.UnderReview, round: 2), new Dictionary<int, RecordedDecision> { [1] = Changes(Asked) }, new Dictionary<string, AuditEntry>(), 1, "lost");

        Assert.Null(resume);
        Assert.Contains("correction of round 1", why, StringComparison.Ordinal);
    }

    [Fact]
    public void From_ChangesRequestedWithoutItsDecisionRow_IsUnsafe()
    {
        var (resume, why) = LostWorkflowPlan.From(Record(ApplicationStatus.ChangesRequested), new Dictionary<int, RecordedDecision>(), new Dictionary<string, AuditEntry>(), 1, "lost");

        Assert.Null(resume);
        Assert.Contains("request for changes of round 1", why, StringComparison.Ordinal);
    }

    [Fact]
    public void From_ADecidedApplication_IsNeverResumed()
    {
        var (resume, why) = LostWorkflowPlan.From(Record(ApplicationStatus.Approved), new Dictionary<int, RecordedDecision>(), new Dictionary<string, AuditEntry>(), 1, "lost");

        Assert.Null(resume);
        Assert.NotNull(why);
    }
}
