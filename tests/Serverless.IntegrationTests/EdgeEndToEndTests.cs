using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Edge;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.LocalHost;
using Serverless.Platform.Email;
using Serverless.Platform.Http;

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
    [InlineData(HttpStatusCode.NotFound, 200, "ok")]
    [InlineData(HttpStatusCode.Forbidden, 503, "unavailable")]
    public async Task Health_StorageRoleScopedToTables_ProbesATableNotTheServiceProperties(HttpStatusCode tableAnswer, int expectedStatus, string expectedCheck)
    {
        // A table endpoint that behaves as a role scoped to the app's tables: anything on the account (the service
        // properties) is refused with 403, a point read of the Applications table answers tableAnswer.
        using var endpoint = new ScopedTableEndpoint(tableAnswer);
        var connection = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint={endpoint.Address}devstoreaccount1;BlobEndpoint={endpoint.Address}devstoreaccount1;QueueEndpoint={endpoint.Address}devstoreaccount1;";
        var storage = new Serverless.Platform.Storage.StorageClients(new ConfigurationBuilder().AddInMemoryCollection([new("AzureWebJobsStorage", connection)]).Build());
        var smtp = Options.Create(new SmtpOptions { Host = "127.0.0.1", Port = TestEnvironment.SmtpPort });
        var handler = new HealthHandler(storage, smtp, NullLogger<HealthHandler>.Instance);

        var result = (TextBodyResult)await handler.HandleAsync(host.Services.Get<DurableTaskClient>(), CancellationToken.None);

        Assert.Equal(expectedStatus, result.StatusCode);
        var status = expectedStatus == 200 ? "ready" : "unavailable";
        Assert.Equal($$$"""{"status":"{{{status}}}","checks":{"storage":"{{{expectedCheck}}}","taskHub":"ok","smtp":"ok"}}""", result.Body);
        var request = Assert.Single(endpoint.Requests);
        Assert.StartsWith($"GET /devstoreaccount1/{Serverless.Core.Addresses.StorageNames.ApplicationsTable}(PartitionKey='{HealthHandler.ProbeKey}',RowKey='{HealthHandler.ProbeKey}')", request, StringComparison.Ordinal);
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

/// <summary>
/// A stand-in for the table service under a role scoped to tables: a point read answers with the given status (404:
/// no such row, the answer to a read the role allows), anything else with 403 AuthorizationPermissionMismatch, as
/// Azure answers an operation the role does not grant. Records every request line.
/// </summary>
internal sealed class ScopedTableEndpoint : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;

    public ScopedTableEndpoint(HttpStatusCode pointReadAnswer)
    {
        var port = TestEnvironment.FreePort();
        Address = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Address);
        listener.Start();
        serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                var line = $"{context.Request.HttpMethod} {context.Request.RawUrl}";
                Requests.Enqueue(line);
                var pointRead = context.Request.HttpMethod == "GET" && context.Request.RawUrl?.Contains("(PartitionKey=", StringComparison.Ordinal) == true;
                var (status, code) = pointRead && pointReadAnswer == HttpStatusCode.NotFound
                    ? (404, "ResourceNotFound")
                    : (403, "AuthorizationPermissionMismatch");
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json;odata=minimalmetadata";
                context.Response.Headers["x-ms-error-code"] = code;
                var body = System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["odata.error"] = new { code, message = new { lang = "en-US", value = code } } }));
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
    }

    public string Address { get; }

    public System.Collections.Concurrent.ConcurrentQueue<string> Requests { get; } = new();

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        serving.Wait(TimeSpan.FromSeconds(5));
    }
}
