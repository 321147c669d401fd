using Serverless.Core.Applications;
using Serverless.Core.Workflow;

namespace Serverless.Core.Review;

/// <summary>
/// At the legal deadline, claims the round's decision for silence in <see cref="ReviewDecisions"/>, where every
/// decision of the round is a conditional insert: the first writer wins. If an agent's decision was recorded before
/// (its event still on its way), the claim fails and that decision is returned for the workflow to apply; otherwise the
/// implicit decision is the round's, and every later decision from a link, the back office or a bulk action finds it
/// and says so. So the recorded decision and the final status never disagree.
/// </summary>
public sealed class ClaimImplicitDecisionActivity(ReviewDecisions decisions)
{
    /// <returns>The agent's decision recorded before the deadline, or null when the implicit decision is the round's.</returns>
    public async Task<ReviewDecisionEvent?> RunAsync(ImplicitDecisionClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var implicitDecision = new RecordedDecision(
            claim.Acceptance ? RecordedDecision.ImplicitAcceptance : RecordedDecision.ImplicitRejection,
            AuditActors.System,
            string.Empty,
            claim.DueAt);
        var earlier = await decisions.TryRecordAsync(claim.Reference, claim.Round, implicitDecision, CancellationToken.None);
        return earlier is null || earlier.IsImplicit ? null : ReviewDecisionEvents.From(earlier, claim.Round);
    }
}
