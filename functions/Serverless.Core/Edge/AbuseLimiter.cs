using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Platform.Http;

namespace Serverless.Core.Edge;

/// <summary>
/// The abuse limits of the anonymous endpoints that make the service send e-mail, on the framework's rate limiters
/// (<see cref="System.Threading.RateLimiting"/>, which ASP.NET Core's rate-limiting middleware runs):
/// per client address and commune for submissions, corrections and withdrawals (<see cref="ByAddress"/>, run before
/// the handler), per application for corrections (its recipient is fixed), and per recipient e-mail address and commune
/// for submissions (<see cref="TryAcquireRecipient"/>, once the address is known).
/// </summary>
public sealed class AbuseLimiter : IDisposable
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly ProcedureCatalog catalog;
    private readonly AbuseOptions options;
    private readonly bool behindPlatformProxy;
    private readonly PartitionedRateLimiter<string> recipients;

    public AbuseLimiter(ProcedureCatalog catalog, IOptions<AbuseOptions> options)
        : this(catalog, options, SecurityHeaders.InAzure)
    {
    }

    public AbuseLimiter(ProcedureCatalog catalog, IOptions<AbuseOptions> options, bool behindPlatformProxy)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.catalog = catalog;
        this.options = options.Value;
        this.behindPlatformProxy = behindPlatformProxy;
        ByAddress = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(AddressPartition),
            PartitionedRateLimiter.Create<HttpContext, string>(ApplicationPartition));
        recipients = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(PerRecipient(key[..key.IndexOf('|', StringComparison.Ordinal)]), Day)));
    }

    /// <summary>The limiter the hosts run in front of the handlers (the local host's UseRateLimiter, the Functions middleware).</summary>
    public PartitionedRateLimiter<HttpContext> ByAddress { get; }

    /// <summary>One more submission to this recipient for this commune; a lease that is not acquired carries Retry-After.</summary>
    public RateLimitLease TryAcquireRecipient(CommuneDefinition commune, string email)
    {
        ArgumentNullException.ThrowIfNull(commune);
        ArgumentNullException.ThrowIfNull(email);
        return recipients.AttemptAcquire(commune.Id + "|" + email.Trim().ToLowerInvariant());
    }

    public void Dispose()
    {
        ByAddress.Dispose();
        recipients.Dispose();
    }

    private RateLimitPartition<string> AddressPartition(HttpContext context)
    {
        if (Limited(context) is not { } limited)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var key = limited.Commune.Id + "|" + ClientAddress.Of(context, behindPlatformProxy);
        var permits = options.SubmissionsPerAddressPerHour ?? limited.Commune.Limits.SubmissionsPerAddressPerHour;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(permits, Hour));
    }

    private RateLimitPartition<string> ApplicationPartition(HttpContext context)
    {
        if (Limited(context) is not { Route: Routes.Correction } limited || limited.Reference is not { Length: > 0 } reference)
        {
            return RateLimitPartition.GetNoLimiter("unlimited");
        }

        var permits = options.SubmissionsPerRecipientPerDay ?? limited.Commune.Limits.SubmissionsPerRecipientPerDay;
        return RateLimitPartition.GetFixedWindowLimiter("correction|" + reference, _ => Window(permits, Day));
    }

    private (string Route, CommuneDefinition Commune, string? Reference)? Limited(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || RouteMethods.ApiPath(context.Request.Path.Value) is not { } apiPath)
        {
            return null;
        }

        var match = RouteMethods.MatchValues(apiPath);
        if (match is not { Route: Routes.SubmitApplication or Routes.Correction or Routes.Withdrawal or Routes.ErasureRequest or Routes.CreateDraft } found
            || catalog.Find(found.Values.GetValueOrDefault("procedureId", string.Empty)) is not { } procedure)
        {
            return null;
        }

        return (found.Route, catalog.CommuneOf(procedure), found.Values.GetValueOrDefault("reference"));
    }

    private int PerRecipient(string communeId) =>
        options.SubmissionsPerRecipientPerDay
        ?? catalog.Communes.FirstOrDefault(commune => commune.Id == communeId)?.Limits.SubmissionsPerRecipientPerDay
        ?? AbuseLimits.Default.SubmissionsPerRecipientPerDay;

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
