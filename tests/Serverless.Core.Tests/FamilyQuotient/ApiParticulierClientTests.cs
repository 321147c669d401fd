using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.CitizenAccounts;
using Serverless.Core.FamilyQuotient;

namespace Serverless.Core.Tests.FamilyQuotient;

/// <summary>
/// The client's HTTP behaviour against an in-process answer: the route, the Bearer and the recipient sent, the bounds
/// (time, size), the failures that are results and not exceptions, and logs that hold neither the token, the identity
/// nor the quotient.
/// </summary>
public sealed class ApiParticulierClientTests
{
    private const string Token = "jeton-de-la-commune-0123456789";
    private const string Siret = "21300001200016";
    private static readonly DateTimeOffset Now = new(2026, 9, 14, 8, 30, 0, TimeSpan.Zero);

    private static readonly PivotIdentity Lefebvre = new("sub", new Dictionary<string, string>
    {
        [PivotClaims.GivenName] = "Alexis Gérôme",
        [PivotClaims.FamilyName] = "LEFEBVRE",
        [PivotClaims.Gender] = "female",
        [PivotClaims.Birthdate] = "1982-12-27",
        [PivotClaims.Birthplace] = "08480",
        [PivotClaims.Birthcountry] = "99100",
    });

    private const string CafAnswer = """{ "data": { "quotient_familial": { "fournisseur": "CNAF", "valeur": 2550, "annee": 2023, "mois": 6, "annee_calcul": 2024, "mois_calcul": 12 } }, "links": {}, "meta": {} }""";

    private static (ApiParticulierClient Client, Answers Server, Logs Logs) Client(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer, string baseUrl = "https://staging.particulier.api.gouv.fr", TimeSpan? timeout = null)
    {
        var server = new Answers(answer);
        var logs = new Logs();
        var options = Options.Create(new ApiParticulierOptions { BaseUrl = baseUrl, Token = Token, Timeout = timeout ?? TimeSpan.FromSeconds(5) });
        return (new ApiParticulierClient(options, new Factory(server), new Clock(), logs), server, logs);
    }

    private static Task<HttpResponseMessage> Json(HttpStatusCode status, string body) =>
        Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

    [Fact]
    public async Task ByIdentityAsync_CafAnswer_GetsTheIdentityRouteWithTheBearerAndReturnsFound()
    {
        var (client, server, _) = Client((_, _) => Json(HttpStatusCode.OK, CafAnswer), "https://staging.particulier.api.gouv.fr/");

        var result = await client.ByIdentityAsync(Lefebvre, Siret, CancellationToken.None);

        var found = Assert.IsType<FamilyQuotientResult.Found>(result);
        Assert.Equal(new FamilyQuotientValue(2550, QuotientProvider.Caf, new QuotientMonth(2023, 6), new QuotientMonth(2024, 12), Now), found.Quotient);
        var request = Assert.Single(server.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/v3/dss/quotient_familial/identite", request.Path);
        Assert.StartsWith("?recipient=21300001200016&nomNaissance=LEFEBVRE&prenoms%5B%5D=Alexis&prenoms%5B%5D=G%C3%A9r%C3%B4me&sexeEtatCivil=F", request.Query, StringComparison.Ordinal);
        Assert.Equal($"Bearer {Token}", request.Authorization);
        Assert.DoesNotContain(Token, request.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ByFranceConnectAsync_AccessToken_IsTheBearerAndOnlyTheRecipientIsInTheQuery()
    {
        var (client, server, _) = Client((_, _) => Json(HttpStatusCode.OK, CafAnswer));

        Assert.IsType<FamilyQuotientResult.Found>(await client.ByFranceConnectAsync("jeton-franceconnect-du-citoyen", Siret, CancellationToken.None));

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v3/dss/quotient_familial/france_connect", request.Path);
        Assert.Equal("?recipient=21300001200016", request.Query);
        Assert.Equal("Bearer jeton-franceconnect-du-citoyen", request.Authorization);
    }

    [Fact]
    public async Task Calls_InputThatCannotBeSent_AnsweredWithoutACall()
    {
        var (client, server, _) = Client((_, _) => Json(HttpStatusCode.OK, CafAnswer));

        Assert.Equal("recipient", Assert.Single(Assert.IsType<FamilyQuotientResult.IdentityRejected>(await client.ByIdentityAsync(Lefebvre, "13002526", CancellationToken.None)).Errors).Field);
        Assert.IsType<FamilyQuotientResult.IdentityRejected>(await client.ByIdentityAsync(new PivotIdentity("sub", new Dictionary<string, string>()), Siret, CancellationToken.None));
        Assert.Equal(AccessDenial.TokenRejected, Assert.IsType<FamilyQuotientResult.AccessDenied>(await client.ByFranceConnectAsync(" ", Siret, CancellationToken.None)).Reason);
        Assert.Equal(AccessDenial.TokenRejected, Assert.IsType<FamilyQuotientResult.AccessDenied>(await client.ByFranceConnectAsync("jeton\r\nX-Injected: 1", Siret, CancellationToken.None)).Reason);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Calls_FeatureOff_NotConfiguredWithoutACall()
    {
        var (client, server, _) = Client((_, _) => Json(HttpStatusCode.OK, CafAnswer), baseUrl: string.Empty);

        Assert.False(client.Enabled);
        Assert.Equal(UnavailableReason.NotConfigured, Assert.IsType<FamilyQuotientResult.Unavailable>(await client.ByIdentityAsync(Lefebvre, Siret, CancellationToken.None)).Reason);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task ByIdentityAsync_AnswerLargerThanTheBound_InvalidResponse()
    {
        var padding = new string(' ', ApiParticulierClient.MaxResponseBytes);
        var (client, _, _) = Client((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            // Streamed without a declared length: the bound holds while reading too.
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(CafAnswer[..^1] + padding + "}"))),
        }));

        Assert.Equal(UnavailableReason.InvalidResponse, Assert.IsType<FamilyQuotientResult.Unavailable>(await client.ByIdentityAsync(Lefebvre, Siret, CancellationToken.None)).Reason);
    }

    [Fact]
    public async Task ByIdentityAsync_NoAnswerInTime_TimeoutNotAnException()
    {
        var (client, _, _) = Client(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }, timeout: TimeSpan.FromMilliseconds(200));

        Assert.Equal(UnavailableReason.Timeout, Assert.IsType<FamilyQuotientResult.Unavailable>(await client.ByIdentityAsync(Lefebvre, Siret, CancellationToken.None)).Reason);
    }

    [Fact]
    public async Task ByIdentityAsync_ConnectionFails_NetworkError()
    {
        var (client, _, _) = Client((_, _) => throw new HttpRequestException("connection refused"));

        Assert.Equal(UnavailableReason.NetworkError, Assert.IsType<FamilyQuotientResult.Unavailable>(await client.ByIdentityAsync(Lefebvre, Siret, CancellationToken.None)).Reason);
    }

    [Fact]
    public async Task ByIdentityAsync_CallerCancels_ThrowsTheCancellation()
    {
        var (client, _, _) = Client(async (_, cancellationToken) =>
        {
            await Task.Delay(TimeSpan.FromMinutes(1), cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ByIdentityAsync(Lefebvre, Siret, caller.Token));
    }

    [Fact]
    public async Task ByIdentityAsync_RateLimited_RetryAfterFromTheHeaders()
    {
        var (client, _, _) = Client((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("""{ "errors": [] }""") };
            response.Headers.TryAddWithoutValidation("Retry-After", "12");
            return Task.FromResult(response);
        });

        var unavailable = Assert.IsType<FamilyQuotientResult.Unavailable>(await client.ByIdentityAsync(Lefebvre, Siret, CancellationToken.None));

        Assert.Equal((UnavailableReason.RateLimited, TimeSpan.FromSeconds(12)), (unavailable.Reason, unavailable.RetryAfter));
    }

    [Fact]
    public async Task Logs_EveryOutcome_NameTheOutcomeAndStatusButNeverTheTokenIdentityOrValue()
    {
        var answers = new Queue<(HttpStatusCode, string)>([
            (HttpStatusCode.OK, CafAnswer),
            (HttpStatusCode.NotFound, """{ "errors": [{ "code": "37003", "title": "Dossier allocataire absent CNAV", "detail": "…", "source": null, "meta": { "provider": "CNAV" } }] }"""),
            (HttpStatusCode.Unauthorized, """{ "errors": [] }"""),
            (HttpStatusCode.ServiceUnavailable, """{ "errors": [] }"""),
        ]);
        var (client, _, logs) = Client((_, _) =>
        {
            var (status, body) = answers.Dequeue();
            return Json(status, body);
        });

        await client.ByIdentityAsync(Lefebvre, Siret, CancellationToken.None);
        await client.ByIdentityAsync(Lefebvre, Siret, CancellationToken.None);
        await client.ByFranceConnectAsync("jeton-franceconnect-du-citoyen", Siret, CancellationToken.None);
        await client.ByIdentityAsync(Lefebvre, Siret, CancellationToken.None);

        Assert.Equal(
            [
                "API Particulier family quotient (identite): Found, HTTP 200",
                "API Particulier family quotient (identite): NotFound, HTTP 404",
                "API Particulier family quotient (france_connect): AccessDenied TokenRejected, HTTP 401",
                "API Particulier family quotient (identite): Unavailable ProviderDown, HTTP 503",
            ],
            logs.Lines);
        var everything = string.Join('\n', logs.Lines.Concat(logs.Values));
        foreach (var secret in new[] { Token, "jeton-franceconnect", "LEFEBVRE", "Alexis", "1982", "08480", "2550", Siret })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    private sealed record SeenRequest(HttpMethod Method, string Path, string Query, string? Authorization);

    private sealed class Answers(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public List<SeenRequest> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(new SeenRequest(request.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query, request.Headers.Authorization?.ToString()));
            return answer(request, cancellationToken);
        }
    }

    private sealed class Factory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }

    private sealed class Clock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

    /// <summary>Every log line as written, and every structured value apart.</summary>
    private sealed class Logs : ILogger<ApiParticulierClient>
    {
        public List<string> Lines { get; } = [];

        public List<string> Values { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Lines.Add(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                Values.AddRange(values.Select(value => $"{value.Key}={value.Value}"));
            }
        }
    }
}
