using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Serverless.Core.BackOffice;

/// <summary>
/// App Service Authentication (Entra ID) in front of the app, believed only when it is verifiably there. The platform
/// injects <c>X-MS-CLIENT-PRINCIPAL</c>, <c>-NAME</c> and <c>-IDP</c> into requests and does not let external requests set
/// them — but only while its authentication module is on; otherwise anyone can send them. So the app believes them
/// only when <see cref="BackOfficeOptions.TrustAppServiceAuthentication"/> is on <em>and</em> the platform itself says
/// the module is on: <c>WEBSITE_AUTH_ENABLED=True</c>, a read-only variable App Service injects into the app's
/// environment (Microsoft Learn, "Environment variables and app settings in Azure App Service"; the Bicep never sets
/// it, a test checks), and the request carries the whole set of headers from the Entra provider (<c>aad</c>). With the
/// setting on and the module off, the app refuses to start (<see cref="BackOfficeOptionsValidator"/>). The local host
/// forces the setting off: it never has the platform in front of it.
/// </summary>
public sealed class AppServiceAuthentication(IOptions<BackOfficeOptions> options, IConfiguration configuration)
{
    public const string EnabledVariable = "WEBSITE_AUTH_ENABLED";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string PrincipalNameHeader = "X-MS-CLIENT-PRINCIPAL-NAME";
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";
    public const string ProviderHeader = "X-MS-CLIENT-PRINCIPAL-IDP";

    private readonly bool inFront = options.Value.TrustAppServiceAuthentication && IsEnabled(configuration);

    public static bool IsEnabled(IConfiguration configuration) =>
        string.Equals(configuration?[EnabledVariable], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The address the platform signed in, or null (module not verifiably in front, or no complete Entra principal).</summary>
    public string? PrincipalName(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!inFront
            || request.Headers[PrincipalHeader].ToString().Length == 0
            || !string.Equals(request.Headers[ProviderHeader].ToString(), "aad", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return request.Headers[PrincipalNameHeader].ToString() is { Length: > 0 } name ? name.Trim() : null;
    }
}

/// <summary>Refuses to start when the Entra header is to be trusted but App Service Authentication is not in front.</summary>
public sealed class BackOfficeOptionsValidator(IConfiguration configuration) : IValidateOptions<BackOfficeOptions>
{
    public ValidateOptionsResult Validate(string? name, BackOfficeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.TrustAppServiceAuthentication && !AppServiceAuthentication.IsEnabled(configuration)
            ? ValidateOptionsResult.Fail(
                $"BackOffice__TrustAppServiceAuthentication is true but App Service Authentication is not in front of the app ({AppServiceAuthentication.EnabledVariable} is not True): "
                + "turn it on (Bicep agentEntraSignIn) or set the setting to false; otherwise anyone could send the X-MS-CLIENT-PRINCIPAL headers.")
            : ValidateOptionsResult.Success;
    }
}
