using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Http;
using Serverless.Core.Notifications;
using Serverless.Core.Review;

namespace Serverless.Core.Workflow.Activities;

/// <summary>
/// When a certificate is issued, e-mails every reviewer their own signed "Révoquer l'attestation" link (see
/// <see cref="RevocationTokens"/>), so that an agent can withdraw a certificate issued by mistake.
/// </summary>
public sealed partial class RevocationLinkNotifier(
    EmailSender email,
    RevocationTokens tokens,
    ReviewerNotifier reviewers,
    IOptions<RevocationOptions> revocation,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock,
    ILogger<RevocationLinkNotifier> logger)
{
    public async Task NotifyAsync(LoadedApplication application, string number, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(application);
        var expiresAt = clock.GetUtcNow().Add(revocation.Value.LinkLifetime);
        var recipients = reviewers.ReviewersOf(application.Procedure);
        foreach (var reviewer in recipients)
        {
            var token = tokens.Issue(new RevocationGrant(number, application.Reference, reviewer, expiresAt));
            var message = CertificateEmails.IssuedToReviewer(
                application,
                reviewer,
                number,
                urls.Value.Api(Routes.VerifyPath(number)),
                urls.Value.Api(Routes.RevokePath(token)),
                expiresAt);
            await email.SendAsync(message, cancellationToken);
        }

        LogSent(number, recipients.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Revocation links for certificate {Number} sent to {ReviewerCount} reviewers")]
    private partial void LogSent(string number, int reviewerCount);
}
