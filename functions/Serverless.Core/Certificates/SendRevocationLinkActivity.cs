using Serverless.Core.Applications;
using Serverless.Core.Workflow;

namespace Serverless.Core.Certificates;

/// <summary>One reviewer's "[Attestation délivrée]" e-mail with their revocation link, sent once through the outbox.</summary>
public sealed class SendRevocationLinkActivity(ApplicationLoader loader, RevocationLinkNotifier notifier, FaultInjection faults)
{
    public async Task RunAsync(RevocationLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var application = await loader.GetAsync(link.Reference, CancellationToken.None);
        await notifier.SendAsync(application, link.Number, link.Recipient, CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.SendRevocationLink, $"{link.Reference}|{link.Recipient}");
    }
}
