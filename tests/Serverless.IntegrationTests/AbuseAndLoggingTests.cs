using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Serverless.IntegrationTests;

/// <summary>A local host with low abuse limits: two submissions per recipient per day, five per address per hour.</summary>
public sealed class StrictLimitsFixture : LocalHostFixture
{
    protected override void Adjust(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Abuse:SubmissionsPerAddressPerHour"] = "5";
        settings["Abuse:SubmissionsPerRecipientPerDay"] = "2";
    }
}

/// <summary>ASP.NET Core's rate limiter in front of the e-mail-sending endpoints: 429, Retry-After, problem+json.</summary>
public sealed class AbuseLimitTests(StrictLimitsFixture host) : IClassFixture<StrictLimitsFixture>
{
    [Fact]
    public async Task Submissions_OverTheRecipientThenTheAddressLimit_Are429WithRetryAfterProblem()
    {
        using var api = host.Client();
        var recipient = ApplicationClient.NewCitizenEmail();
        await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(recipient)));
        await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(recipient)));

        using var thirdToRecipient = await api.PostAsync(ApplicationClient.SubmitPath, ApplicationClient.Multipart(ApplicationClient.Fields(recipient.ToUpperInvariant())));
        await AssertTooManyAsync(thirdToRecipient, minimumSeconds: 3600);

        await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        using var sixthFromAddress = await api.PostAsync(ApplicationClient.SubmitPath, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        await AssertTooManyAsync(sixthFromAddress, minimumSeconds: 60);
    }

    [Fact]
    public async Task CatalogueReads_ManyFromOneAddress_AreNotLimited()
    {
        using var api = host.Client();

        for (var index = 0; index < 30; index++)
        {
            using var response = await api.GetAsync("/api/procedures");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response, int minimumSeconds)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 86400);
        Assert.True(minimumSeconds <= 86400);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://citizen-eservices.example/problems/too-many-requests", problem.RootElement.GetProperty("type").GetString());
    }
}

/// <summary>A local host whose every log line, at every level, is kept in memory.</summary>
public sealed class CapturedLogsFixture : LocalHostFixture
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override void Configure(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.AddProvider(new CapturingProvider(Lines));
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft", LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Trace);
        builder.Logging.AddFilter("Serverless", LogLevel.Trace);
        builder.Logging.AddFilter(typeof(Serverless.Core.Edge.RequestLog).FullName, LogLevel.Information);
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(pair => $"{pair.Key}={pair.Value}")) : string.Empty;
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {structured} {exception}");
        }
    }
}

/// <summary>Secrets in URLs (review tokens, access codes) never reach a log line, whatever the level.</summary>
public sealed class SecretsInLogsTests(CapturedLogsFixture host) : IClassFixture<CapturedLogsFixture>
{
    [Fact]
    public async Task ReviewAndStatusRequests_TokenAndAccessCode_AreMaskedInEveryLogLine()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(ApplicationClient.NewCitizenEmail())));
        await ApplicationClient.StatusAsync(api, receipt);
        var review = new Uri((await host.Mailbox.WaitForAsync(LocalHostFixture.Reviewer, receipt.Reference)).Link("Accepter la demande"));
        var token = review.AbsolutePath["/api/review/".Length..];
        using (var page = await browser.GetAsync(review))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        using (var refused = await browser.PostAsync(review, new StringContent("x", System.Text.Encoding.UTF8, "text/plain")))
        {
            Assert.True((int)refused.StatusCode < 500);
        }

        var lines = host.Lines.ToArray();
        Assert.NotEmpty(lines);
        Assert.Contains(lines, line => line.Contains("GET /api/review/*** answered 200", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("access=***", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(token, StringComparison.Ordinal) || line.Contains(Uri.UnescapeDataString(token), StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(receipt.AccessCode, StringComparison.Ordinal));
    }
}
