using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Core.Edge;
using Serverless.Core.Procedures;
using Serverless.Platform.Http;

namespace Serverless.IntegrationTests;

/// <summary>
/// A host as it runs in Azure behind the platform's front end (which appends the client's address to
/// X-Forwarded-For), with two submissions per client address per hour.
/// </summary>
public sealed class BehindPlatformProxyFixture : LocalHostFixture
{
    protected override void Adjust(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Abuse:SubmissionsPerAddressPerHour"] = "2";
    }

    protected override void Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // In Azure the limiter trusts the last X-Forwarded-For entry (WEBSITE_SITE_NAME set); here only this host does.
        builder.Services.AddSingleton(services => new AbuseLimiter(services.GetRequiredService<ProcedureCatalog>(), services.GetRequiredService<IOptions<AbuseOptions>>(), behindPlatformProxy: true));
    }
}

/// <summary>
/// IPv6 neighbours share one limit: a subscriber line gets a whole /64 and can take a new address in it for every
/// request, so the limit counts the /64 — through the real HTTP pipeline, with the address the platform appends.
/// </summary>
public sealed class Ipv6NeighboursTests(BehindPlatformProxyFixture host) : IClassFixture<BehindPlatformProxyFixture>
{
    [Fact]
    public async Task Submit_ThirdApplicationFromAnotherAddressOfTheSame64_IsRefusedWhileTheNext64IsNot()
    {
        Assert.Equal(HttpStatusCode.Accepted, await SubmitFromAsync("2001:db8:1:2::a"));
        Assert.Equal(HttpStatusCode.Accepted, await SubmitFromAsync("2001:db8:1:2:ffff:ffff:ffff:b"));

        // A third neighbour, and one that puts a foreign address first (entries before the platform's are the client's own).
        Assert.Equal(HttpStatusCode.TooManyRequests, await SubmitFromAsync("2001:db8:1:2::c"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SubmitFromAsync("2001:db8:1:2::d", spoofedFirst: "2001:db8:99:99::1"));

        // Another line (the next /64), and an IPv4 client, each have their own limit.
        Assert.Equal(HttpStatusCode.Accepted, await SubmitFromAsync("2001:db8:1:3::a"));
        Assert.Equal(HttpStatusCode.Accepted, await SubmitFromAsync("198.51.100.7"));
    }

    private async Task<HttpStatusCode> SubmitFromAsync(string address, string? spoofedFirst = null)
    {
        using var api = host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Post, ApplicationClient.SubmitPath) { Content = ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())) };
        request.Headers.Add(ClientAddress.ForwardedHeader, spoofedFirst is null ? address : $"{spoofedFirst}, {address}");
        using var response = await api.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return response.StatusCode;
    }
}
