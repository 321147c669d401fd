using Microsoft.Extensions.Options;

namespace Serverless.Core.FamilyQuotient;

/// <summary>
/// The API Particulier settings, checked at start-up: off (no base address), or an absolute address over HTTPS (plain
/// HTTP only to a loopback address, the local simulator) with a token, and a timeout a citizen can wait for.
/// </summary>
public sealed class ApiParticulierOptionsValidator : IValidateOptions<ApiParticulierOptions>
{
    /// <summary>The token of tools/api-particulier-local, published in local.settings.sample.json.</summary>
    public const string SimulatorToken = "local-api-particulier-token-not-for-production";

    private static readonly TimeSpan LongestTimeout = TimeSpan.FromMinutes(1);

    public ValidateOptionsResult Validate(string? name, ApiParticulierOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > LongestTimeout)
        {
            problems.Add($"ApiParticulier__Timeout {options.Timeout} must be positive and at most {LongestTimeout}.");
        }

        if (options.Enabled)
        {
            if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
            {
                problems.Add($"ApiParticulier__BaseUrl '{options.BaseUrl}' must be an absolute https address (http only on a loopback address), e.g. https://staging.particulier.api.gouv.fr; empty turns the family quotient off.");
            }
            else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
            {
                problems.Add("ApiParticulier__BaseUrl must have no query and no fragment.");
            }

            if (string.IsNullOrWhiteSpace(options.Token))
            {
                problems.Add("ApiParticulier__Token is not set: give the commune's API Particulier token (DataPass), or empty ApiParticulier__BaseUrl to turn the family quotient off.");
            }
            else if (options.Token == SimulatorToken && url is { IsLoopback: false })
            {
                problems.Add("ApiParticulier__Token is the local simulator's (local.settings.sample.json): give the commune's API Particulier token for " + url.Host + ".");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
