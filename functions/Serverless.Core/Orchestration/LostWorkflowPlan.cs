using Serverless.Core.Applications;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Where a pending application whose instance was lost resumes, read from what storage recorded (pure, so it is unit
/// tested on its own): the stage its status names (the status before an incident, when in incident), the round, every
/// earlier request for changes with the instant its correction was received (the legal deadline is counted again from
/// them), and while waiting for corrections when that wait started and ends. Null, with the reason, when the record
/// does not say enough to resume safely: a person has to look.
/// </summary>
public static class LostWorkflowPlan
{
    public static (WorkflowResume? Resume, string? Unsafe) From(
        ApplicationRecord record,
        IReadOnlyDictionary<int, RecordedDecision> decisions,
        IReadOnlyDictionary<string, AuditEntry> audit,
        int restart,
        string cause)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(audit);
        var status = record.StatusValue;
        if (status == ApplicationStatus.Incident)
        {
            status = record.StatusBeforeIncident is { Length: > 0 } before && Enum.TryParse<ApplicationStatus>(before, out var interrupted)
                ? interrupted
                : ApplicationStatus.Received;
        }

        if (status == ApplicationStatus.Received)
        {
            return (new WorkflowResume(restart, cause, ResumeStage.Admission, 1, []), null);
        }

        if (status is not (ApplicationStatus.UnderReview or ApplicationStatus.ChangesRequested))
        {
            return (null, $"status {record.Status} is not one a workflow waits in");
        }

        var round = Math.Max(1, record.ReviewRound);
        var corrections = new List<CorrectionSpan>();
        for (var earlier = 1; earlier < round; earlier++)
        {
            // Round r ended with a request for changes (its decision row) and was answered (the correction's audit entry).
            if (!decisions.TryGetValue(earlier, out var asked) || asked.Decision != nameof(ReviewAction.RequestChanges))
            {
                return (null, $"round {earlier} has no recorded request for changes");
            }

            if (!audit.TryGetValue(AuditSteps.Correction(earlier), out var corrected))
            {
                return (null, $"the correction of round {earlier} has no recorded instant");
            }

            corrections.Add(new CorrectionSpan(asked.DecidedAt, corrected.At));
        }

        if (status == ApplicationStatus.UnderReview)
        {
            return (new WorkflowResume(restart, cause, ResumeStage.Review, round, corrections), null);
        }

        if (!decisions.TryGetValue(round, out var changes) || changes.Decision != nameof(ReviewAction.RequestChanges) || record.AnswerDueAt is null)
        {
            return (null, $"the request for changes of round {round} is not fully recorded");
        }

        return (new WorkflowResume(restart, cause, ResumeStage.Correction, round, corrections, changes.DecidedAt, record.AnswerDueAt), null);
    }
}
