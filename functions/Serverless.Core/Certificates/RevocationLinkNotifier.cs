using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Platform.Configuration;
using Serverless.Platform.Email;

namespace Serverless.Core.Certificates;

/// <summary>
/// When a certificate is issued, e-mails a reviewer their own signed "Révoquer l'attestation" link (see
/// <see cref="RevocationTokens"/>), through the outbox, so that an agent can withdraw a certificate issued by mistake.
/// </summary>
public sealed class RevocationLinkNotifier(
    EmailOutbox outbox,
    RevocationTokens tokens,
    IOptions<RevocationOptions> revocation,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock)
{
    public Task SendAsync(LoadedApplication application, string number, string reviewer, CancellationToken cancellationToken) =>
        outbox.SendOnceAsync(application.Reference, OutboxSteps.Revocation(number), Render(application, number, reviewer), cancellationToken);

    /// <summary>Records the e-mail for the dispatcher (version 3).</summary>
    public Task QueueAsync(LoadedApplication application, string number, string reviewer, CancellationToken cancellationToken) =>
        outbox.QueueOnceAsync(application.Reference, OutboxSteps.Revocation(number), Render(application, number, reviewer), onSend: null, cancellationToken);

    /// <summary>The e-mail's outbox row for the step's transaction (partition layout, decision 0012).</summary>
    public Task<Azure.Data.Tables.TableEntity> PrepareAsync(LoadedApplication application, string number, string reviewer, CancellationToken cancellationToken) =>
        outbox.PrepareQueuedAsync(application.Reference, OutboxSteps.Revocation(number), Render(application, number, reviewer), onSend: null, cancellationToken);

    private EmailMessage Render(LoadedApplication application, string number, string reviewer)
    {
        ArgumentNullException.ThrowIfNull(application);
        var expiresAt = clock.GetUtcNow().Add(revocation.Value.LinkLifetime);
        var token = tokens.Issue(new RevocationGrant(number, application.Reference, reviewer, expiresAt));
        return CertificateEmails.IssuedToReviewer(
            application,
            reviewer,
            number,
            urls.Value.Api(Routes.VerifyPath(number)),
            urls.Value.Api(Routes.RevokePath(token)),
            expiresAt);
    }
}
