using Serverless.Core.Applications;

namespace Serverless.Core.Workflow;

/// <summary>The event a recorded decision becomes, the same from the review page and from the sweeper.</summary>
public static class ReviewDecisionEvents
{
    public static ReviewDecisionEvent From(RecordedDecision decision, int round)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new ReviewDecisionEvent(Enum.Parse<ReviewAction>(decision.Decision), round, decision.Reviewer, decision.Comment, decision.Fields, decision.DecidedAt);
    }
}
