using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Review;
using Serverless.Platform.Configuration;

namespace Serverless.Core.Retention;

/// <summary>
/// Tells the procedure's reviewers (its own version's, or the deployment's override) about a citizen's erasure
/// request: one e-mail each through the outbox, with a signed, expiring link to the confirmation page. Run by the
/// request itself and, if the relay was down, again by the retention timer until the request is marked notified.
/// </summary>
public sealed class ErasureRequestNotifier(
    RetentionIndex index,
    ReviewerNotifier reviewers,
    ErasureTokens tokens,
    EmailOutbox outbox,
    IOptions<RetentionOptions> options,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock)
{
    public async Task NotifyAsync(LoadedApplication application, ErasureRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(request);
        var expiresAt = clock.GetUtcNow().Add(options.Value.ErasureLinkLifetime);
        foreach (var reviewer in reviewers.ReviewersOf(application))
        {
            var token = tokens.Issue(new ErasureGrant(application.Reference, reviewer, expiresAt));
            await outbox.SendOnceAsync(
                application.Reference,
                OutboxSteps.ErasureRequest,
                RetentionEmails.ErasureRequest(application, reviewer, request.RequestedAt, urls.Value.Api(Routes.ErasureConfirmationPath(token)), expiresAt),
                cancellationToken);
        }

        await index.MarkRequestNotifiedAsync(application.Reference, cancellationToken);
    }
}
