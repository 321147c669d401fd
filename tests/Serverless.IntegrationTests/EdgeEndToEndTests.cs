using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Core.Http;
using Serverless.Core.Http.Edge;
using Serverless.Core.Notifications;
using Serverless.LocalHost;

namespace Serverless.IntegrationTests;

/// <summary>What every caller of the local host sees at the edge: health, security headers, framework refusals.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class EdgeEndToEndTests(LocalHostFixture host)
{
    [Fact]
    public async Task Health_AllServicesUp_IsReadyAndRevealsNoConfiguration()
    {
        using var api = host.Client();

        using var response = await api.GetAsync("/api/health");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("ready", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(["ok", "ok", "ok"], json.RootElement.GetProperty("checks").EnumerateObject().Select(check => check.Value.GetString()));
        foreach (var secret in new[] { "127.0.0.1", "devstoreaccount1", host.TaskHubName, TestEnvironment.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "saint-exemple" })
        {
            Assert.DoesNotContain(secret, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Health_SmtpRelayDown_IsUnavailableNamingOnlyTheCheck()
    {
        var smtp = Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = TestEnvironment.FreePort() });
        var handler = new HealthHandler(host.Storage, smtp, NullLogger<HealthHandler>.Instance);

        var result = (TextBodyResult)await handler.HandleAsync(host.Services.Get<DurableTaskClient>(), CancellationToken.None);

        Assert.Equal(503, result.StatusCode);
        Assert.Equal("""{"status":"unavailable","checks":{"storage":"ok","taskHub":"ok","smtp":"unavailable"}}""", result.Body);
    }

    [Theory]
    [InlineData("/api/procedures/school-enrolment/form")]
    [InlineData("/api/procedures")]
    [InlineData("/api/nothing-here")]
    public async Task AnyResponse_SecurityHeaders_ArePresent(string path)
    {
        using var browser = host.Client("text/html");

        using var response = await browser.GetAsync(path);

        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS is for Azure (HTTPS only), not for http://localhost.");
    }

    [Fact]
    public async Task WrongMethod_Put_Is405WithAllowAndProblemJson()
    {
        using var api = host.Client();

        using var response = await api.PutAsync(ApplicationClient.SubmitPath, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", string.Join(",", response.Content.Headers.Allow));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TooLongAddress_Get_Is414ProblemJsonAsAzureRefusesIt()
    {
        using var api = host.Client();
        var path = "/api/procedures/school-enrolment/form?prefill=" + new string('a', EdgeGuard.MaxUrlLength);

        using var response = await api.GetAsync(path);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://citizen-eservices.example/problems/uri-too-long", problem.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task MalformedJson_Submission_Is400SayingWhere()
    {
        using var api = host.Client();
        using var content = new StringContent("{\"broken\":", System.Text.Encoding.UTF8, "application/json");

        using var response = await api.PostAsync(ApplicationClient.SubmitPath, content);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("https://citizen-eservices.example/problems/malformed-json", problem.RootElement.GetProperty("type").GetString());
        Assert.Contains("ligne / line 1", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormPage_HoneypotAndStamp_AreInTheFormAndTheHoneypotIsHidden()
    {
        using var browser = host.Client("text/html");

        var html = await browser.GetStringAsync("/api/procedures/school-enrolment/form");

        Assert.Contains($"name=\"{FormGuard.HoneypotField}\" tabindex=\"-1\" autocomplete=\"off\"", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"trap\" aria-hidden=\"true\">", html, StringComparison.Ordinal);
        Assert.Matches($"name=\"{FormGuard.IssuedField}\" value=\"[0-9]+\\.[A-Za-z0-9_-]+\"", html);
    }

    [Fact]
    public void RouteMethods_EveryLocalHostEndpoint_IsListedWithItsMethod()
    {
        Assert.Equal(
            HttpEndpoints.All.Where(endpoint => endpoint.FunctionName != FunctionNames.Fallback)
                .SelectMany(endpoint => endpoint.Methods.Where(method => !string.Equals(method, "options", StringComparison.OrdinalIgnoreCase)).Select(method => $"{method.ToUpperInvariant()} {endpoint.Route}")).Order(),
            RouteMethods.All.Select(entry => $"{entry.Method} {entry.Route}").Order());
    }
}
