using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Serverless.Core.Edge;
using Serverless.Platform.Http;

namespace Serverless.Core.BackOffice;

/// <summary>
/// The sign-in request's abuse limits, on the framework's rate limiters as the edge's (<see cref="AbuseLimiter"/>):
/// per client address (over it: 429 with Retry-After) and per typed address (over it: the usual answer and no
/// e-mail, so that the limit tells nothing about which addresses are agents). In-memory per instance, as the edge's.
/// </summary>
public sealed class SignInLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> clients;
    private readonly PartitionedRateLimiter<string> addresses;
    private readonly bool behindPlatformProxy = SecurityHeaders.InAzure;

    public SignInLimiter(IOptions<BackOfficeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        clients = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(settings.SignInRequestsPerClientPerHour)));
        addresses = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => Window(settings.SignInRequestsPerAddressPerHour)));
    }

    public RateLimitLease AcquireClient(HttpContext context) => clients.AttemptAcquire(ClientAddress.Of(context, behindPlatformProxy));

    public RateLimitLease AcquireAddress(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return addresses.AttemptAcquire(email.Trim().ToLowerInvariant());
    }

    public void Dispose()
    {
        clients.Dispose();
        addresses.Dispose();
    }

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = Math.Max(1, permits),
        Window = TimeSpan.FromHours(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
