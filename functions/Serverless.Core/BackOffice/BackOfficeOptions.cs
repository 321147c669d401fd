namespace Serverless.Core.BackOffice;

/// <summary>The agents' back office: sign-in links, sessions and their limits (section <c>BackOffice</c>).</summary>
public sealed class BackOfficeOptions
{
    public const string Section = "BackOffice";

    /// <summary>How long a sign-in link stays valid (it is also single use).</summary>
    public TimeSpan SignInLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a session lasts from sign-in, whatever the activity.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sign-in links asked for one address per hour (over it, the same answer and no e-mail).</summary>
    public int SignInRequestsPerAddressPerHour { get; set; } = 5;

    /// <summary>Sign-in requests from one client address per hour (over it, 429 with Retry-After).</summary>
    public int SignInRequestsPerClientPerHour { get; set; } = 20;

    /// <summary>
    /// The sign-in request's answer never comes sooner than this, whether the address is an agent's (an e-mail is
    /// sent) or not (nothing is): the timing does not tell which addresses are agents.
    /// </summary>
    public TimeSpan SignInAnswerTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// In Azure with App Service Authentication (Entra ID) turned on: trust <c>X-MS-CLIENT-PRINCIPAL-NAME</c>, which the
    /// platform sets (and strips from what clients send) only when that feature is on. Off everywhere else: anyone
    /// can send the header.
    /// </summary>
    public bool TrustAppServiceAuthentication { get; set; }

    /// <summary>
    /// Addresses (comma-separated) of the deployment's administrators, e.g. the intercommunality's IT: signed in as an
    /// agent of any commune, they see every commune's usage report; every other agent sees their own commune's only.
    /// </summary>
    public string DeploymentAdministrators { get; set; } = string.Empty;
}
