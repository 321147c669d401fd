using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Serverless.Core.Drafts;
using Serverless.Core.Edge;
using Serverless.Platform.Http;

namespace Serverless.Core.Tests;

/// <summary>Nobody can spray e-mail through the service, nor use up someone else's own submissions.</summary>
public sealed class MailQuotaTests
{
    private static readonly Procedures.CommuneDefinition Commune = TestCatalogue.Shipped.CommuneOf(TestCatalogue.SchoolEnrolment);

    private static MailQuota Quota(int perRecipient = 3, int perClient = 10) =>
        new(Options.Create(new AbuseOptions { LinksPerRecipientPerDay = perRecipient, LinksPerClientPerHour = perClient }), behindPlatformProxy: false);

    private static DefaultHttpContext From(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        return context;
    }

    [Fact]
    public void CheckLink_FourthLinkToOneAddressFromManyClients_Is429WithRetryAfter()
    {
        using var quota = Quota(perRecipient: 3);
        for (var index = 1; index <= 3; index++)
        {
            quota.CheckLink(From($"203.0.113.{index}"), Commune, "victim@example.org");
        }

        var refusal = Assert.Throws<RequestRefusedException>(() => quota.CheckLink(From("203.0.113.9"), Commune, "VICTIM@example.org"));

        Assert.Equal(429, refusal.Status);
        Assert.NotNull(refusal.RetryAfter);
    }

    [Fact]
    public void CheckLink_LinksToAnAddress_LeaveThatAddressOwnSubmissionsAlone()
    {
        var options = Options.Create(new AbuseOptions { LinksPerRecipientPerDay = 5, SubmissionsPerRecipientPerDay = 2 });
        using var quota = new MailQuota(options, behindPlatformProxy: false);
        using var limiter = new AbuseLimiter(TestCatalogue.Shipped, options, behindPlatformProxy: false);
        for (var index = 1; index <= 5; index++)
        {
            quota.CheckLink(From($"203.0.113.{index}"), Commune, "victim@example.org");
        }

        using var own = limiter.TryAcquireRecipient(Commune, "victim@example.org");

        Assert.True(own.IsAcquired);
    }

    [Fact]
    public void CheckLink_OverTheClientLimit_IsRefusedForThatClientOnly()
    {
        using var quota = Quota(perClient: 2);
        quota.CheckLink(From("203.0.113.7"), Commune, "a@example.org");
        quota.CheckLink(From("203.0.113.7"), Commune, "b@example.org");

        Assert.Equal(429, Assert.Throws<RequestRefusedException>(() => quota.CheckLink(From("203.0.113.7"), Commune, "c@example.org")).Status);
        quota.CheckLink(From("203.0.113.8"), Commune, "c@example.org");
    }

    [Fact]
    public void CheckLink_IPv6NeighboursInOneSlash64_ShareTheClientLimit()
    {
        using var quota = Quota(perClient: 2);
        quota.CheckLink(From("2001:db8:1:2::1"), Commune, "a@example.org");
        quota.CheckLink(From("2001:db8:1:2:ffff:1:2:3"), Commune, "b@example.org");

        Assert.Equal(429, Assert.Throws<RequestRefusedException>(() => quota.CheckLink(From("2001:db8:1:2:abcd::9"), Commune, "c@example.org")).Status);
        quota.CheckLink(From("2001:db8:1:3::1"), Commune, "c@example.org");
    }

    [Theory]
    [InlineData("2001:db8:1:2:a:b:c:d", "2001:db8:1:2::/64")]
    [InlineData("2001:db8::1", "2001:db8::/64")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7", "203.0.113.7")]
    public void ClientAddress_LimitKey_IsTheSlash64ForIPv6(string address, string key)
    {
        Assert.Equal(key, ClientAddress.Of(From(address), behindPlatformProxy: false));
    }

    [Fact]
    public void ClientAddress_BehindThePlatformWithIPv6_IsTheSlash64()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[ClientAddress.ForwardedHeader] = "[2001:db8:5:6:7:8:9:a]:51234";

        Assert.Equal("2001:db8:5:6::/64", ClientAddress.Of(context, behindPlatformProxy: true));
    }

    [Fact]
    public void DraftLinkRecipients_FourthDifferentAddress_IsRefusedButAKnownOneStillGoes()
    {
        var draft = new DraftRecord();
        foreach (var address in new[] { "a@example.org", "b@example.org", "c@example.org" })
        {
            Assert.True(DraftLinkRecipients.Allows(draft, address, 3));
            DraftLinkRecipients.Add(draft, address);
        }

        Assert.False(DraftLinkRecipients.Allows(draft, "d@example.org", 3));
        Assert.True(DraftLinkRecipients.Allows(draft, "B@example.org", 3));
        Assert.DoesNotContain("example", draft.LinkRecipients, StringComparison.Ordinal);
    }
}
