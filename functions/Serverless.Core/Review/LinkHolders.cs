using Microsoft.Extensions.Options;

namespace Serverless.Core.Review;

/// <summary>
/// Whether the holder of an e-mailed agent link (review, revocation, erasure confirmation) may still use it: only
/// while the catalogue puts them in charge of the application's procedure (its role, its named reviewers, or the
/// commune's administrator for a procedure that is not restricted), or while they are one of the deployment's
/// <c>Review:ReviewerEmails</c>. An agent who left, or moved to another service, acts no more with an old link.
/// </summary>
public sealed class LinkHolders(AgentDirectory directory, IOptions<ReviewOptions> reviewOptions)
{
    public bool InCharge(string holder, string communeId, string procedureId) =>
        directory.Covers(holder, communeId, procedureId)
        || reviewOptions.Value.ReviewerOverride.Contains(holder, StringComparer.OrdinalIgnoreCase);
}
