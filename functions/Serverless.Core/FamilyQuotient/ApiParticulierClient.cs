using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.CitizenAccounts;

namespace Serverless.Core.FamilyQuotient;

/// <summary>
/// The HTTP client of API Particulier v3's family quotient (docs/API-PARTICULIER.md). One GET per look-up, the token
/// as a Bearer header (never in the address), bounded in time (<see cref="ApiParticulierOptions.Timeout"/>, headers and
/// body) and in size (<see cref="MaxResponseBytes"/>), no redirect followed. Logs say the route, the outcome's name and
/// the HTTP status only: never the token, the identity (it is in the query string, so the HTTP client's own request
/// logs are removed, see <see cref="FamilyQuotientServiceCollectionExtensions"/>) nor the quotient.
/// </summary>
public sealed partial class ApiParticulierClient(
    IOptions<ApiParticulierOptions> options,
    IHttpClientFactory httpClients,
    TimeProvider clock,
    ILogger<ApiParticulierClient> logger) : IFamilyQuotientSource
{
    public const string HttpClientName = "ApiParticulier";

    /// <summary>A quotient's answer is about 1 KB, a large household's a few: 64 KB is plenty, and a ceiling.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    private const string IdentityRoute = "v3/dss/quotient_familial/identite";
    private const string FranceConnectRoute = "v3/dss/quotient_familial/france_connect";

    public bool Enabled => options.Value.Enabled;

    public Task<FamilyQuotientResult> ByIdentityAsync(PivotIdentity identity, string recipient, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var (query, errors) = ApiParticulierQuery.ForIdentity(identity, recipient);
        return errors.Count > 0
            ? Task.FromResult(Logged("identite", new FamilyQuotientResult.IdentityRejected(errors), status: 0))
            : SendAsync("identite", IdentityRoute + "?" + query, options.Value.Token, cancellationToken);
    }

    public Task<FamilyQuotientResult> ByFranceConnectAsync(string franceConnectAccessToken, string recipient, CancellationToken cancellationToken)
    {
        var (query, errors) = ApiParticulierQuery.ForFranceConnect(recipient);
        if (errors.Count > 0)
        {
            return Task.FromResult(Logged("france_connect", new FamilyQuotientResult.IdentityRejected(errors), status: 0));
        }

        // The citizen's FranceConnect access token is the credential of this route: API Particulier checks it with
        // FranceConnect and takes the identity from there. Not a token at all (empty, spaces, controls): refused here.
        return string.IsNullOrEmpty(franceConnectAccessToken) || franceConnectAccessToken.Any(character => character is <= ' ' or > '~')
            ? Task.FromResult(Logged("france_connect", new FamilyQuotientResult.AccessDenied(AccessDenial.TokenRejected), status: 0))
            : SendAsync("france_connect", FranceConnectRoute + "?" + query, franceConnectAccessToken, cancellationToken);
    }

    private async Task<FamilyQuotientResult> SendAsync(string route, string pathAndQuery, string bearer, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return Logged(route, new FamilyQuotientResult.Unavailable(UnavailableReason.NotConfigured), status: 0);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(settings.BaseUrl.TrimEnd('/') + "/"), pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        // One deadline for the whole exchange: the HTTP client's own timeout stops at the headers.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        var http = httpClients.CreateClient(HttpClientName);
        var status = 0;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            status = (int)response.StatusCode;
            var body = await ReadBoundedAsync(response.Content, deadline.Token);
            var now = clock.GetUtcNow();
            var result = body is null
                ? new FamilyQuotientResult.Unavailable(UnavailableReason.InvalidResponse)
                : ApiParticulierAnswers.Read(response.StatusCode, body, ApiParticulierAnswers.RetryAfter(response, now), now);
            return Logged(route, result, status);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The deadline, or the HTTP client's own timeout: not the caller's cancellation, which propagates.
            return Logged(route, new FamilyQuotientResult.Unavailable(UnavailableReason.Timeout), status);
        }
        catch (HttpRequestException)
        {
            return Logged(route, new FamilyQuotientResult.Unavailable(UnavailableReason.NetworkError), status);
        }
    }

    /// <summary>The body, or null when it is larger than <see cref="MaxResponseBytes"/> (declared or read).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private FamilyQuotientResult Logged(string route, FamilyQuotientResult result, int status)
    {
        if (result is FamilyQuotientResult.Unavailable or FamilyQuotientResult.AccessDenied)
        {
            LogProblem(route, result.Outcome, Detail(result), status);
        }
        else
        {
            LogOutcome(route, result.Outcome, status);
        }

        return result;
    }

    private static string Detail(FamilyQuotientResult result) => result switch
    {
        FamilyQuotientResult.Unavailable unavailable => unavailable.Reason.ToString(),
        FamilyQuotientResult.AccessDenied denied => denied.Reason.ToString(),
        _ => string.Empty,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "API Particulier family quotient ({Route}): {Outcome}, HTTP {Status}")]
    private partial void LogOutcome(string route, string outcome, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "API Particulier family quotient ({Route}): {Outcome} {Reason}, HTTP {Status}")]
    private partial void LogProblem(string route, string outcome, string reason, int status);
}
