using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Review;

/// <summary>
/// Version 1's review request: opens the round and e-mails every reviewer in one activity. Each e-mail goes through
/// the outbox, so a retry after a failure on the second reviewer does not e-mail the first again.
/// </summary>
public sealed class RequestReviewActivity(OpenReviewRoundActivity openRound, ApplicationLoader loader, ReviewerNotifier notifier)
{
    public async Task RunAsync(ReviewRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reviewers = await openRound.RunAsync(request);
        var application = await loader.GetAsync(request.Reference, CancellationToken.None);
        foreach (var reviewer in reviewers)
        {
            await notifier.SendAsync(application, new ReviewerEmail(request.Reference, request.Round, 0, reviewer), OutboxSteps.Review(request.Round, 0));
        }
    }
}
