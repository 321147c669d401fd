using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Serverless.Core.Procedures;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Edge;

/// <summary>
/// The limits on e-mail that an anonymous caller makes the service send to an address it typed (a draft's resume
/// link): per client address (IPv6: its /64) and commune per hour, then per recipient and commune per day. The
/// recipient's bucket is not the one its own submissions count in (<see cref="AbuseLimiter.TryAcquireRecipient"/>):
/// mailing links to a victim never makes the victim's own application answer 429. In memory per instance, as the
/// edge's other limits.
/// </summary>
public sealed class MailQuota : IDisposable
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly AbuseOptions options;
    private readonly bool behindPlatformProxy;
    private readonly PartitionedRateLimiter<string> senders;
    private readonly PartitionedRateLimiter<string> recipients;

    public MailQuota(IOptions<AbuseOptions> options)
        : this(options, SecurityHeaders.InAzure)
    {
    }

    public MailQuota(IOptions<AbuseOptions> options, bool behindPlatformProxy)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.behindPlatformProxy = behindPlatformProxy;
        senders = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(this.options.LinksPerClientPerHour, Hour)));
        recipients = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(this.options.LinksPerRecipientPerDay, Day)));
    }

    /// <summary>The number of different addresses one draft's link may go to.</summary>
    public int RecipientsPerDraft => options.LinkRecipientsPerDraft;

    /// <summary>Throws a 429 <see cref="RequestRefusedException"/> with Retry-After when this link may not be e-mailed now.</summary>
    public void CheckLink(HttpContext context, CommuneDefinition commune, string address)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(commune);
        ArgumentNullException.ThrowIfNull(address);
        Acquire(senders, commune.Id + "|" + ClientAddress.Of(context, behindPlatformProxy), Hour);
        Acquire(recipients, commune.Id + "|" + address.Trim().ToLowerInvariant(), Day);
    }

    /// <summary>A draft whose link already went to as many addresses as allowed: a new address is refused.</summary>
    public static RequestRefusedException TooManyRecipients(int limit) => new(
        429,
        "too-many-recipients",
        new Text("Trop de destinataires pour ce brouillon", "Too many recipients for this draft"),
        new Text(
            $"Le lien de ce brouillon a déjà été envoyé à {limit} adresses différentes : il ne peut plus être envoyé à une autre. Rien n'a été envoyé.",
            $"This draft's link was already sent to {limit} different addresses: it cannot be sent to another one. Nothing was sent."));

    public void Dispose()
    {
        senders.Dispose();
        recipients.Dispose();
    }

    private static void Acquire(PartitionedRateLimiter<string> limiter, string key, TimeSpan window)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
            throw new RequestRefusedException(429, "too-many-requests", RefusalTexts.TooManyTitle, RefusalTexts.TooManyDetail) { RetryAfter = retryAfter };
        }
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
