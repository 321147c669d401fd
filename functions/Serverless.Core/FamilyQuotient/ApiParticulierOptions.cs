namespace Serverless.Core.FamilyQuotient;

/// <summary>
/// The API Particulier client's settings (section <c>ApiParticulier</c>, docs/API-PARTICULIER.md). An empty
/// <see cref="BaseUrl"/> turns the family-quotient prefill off: <see cref="IFamilyQuotientSource.Enabled"/> is false
/// and every call answers <see cref="UnavailableReason.NotConfigured"/>. Locally <c>run-local.sh</c> points it at the
/// simulator (tools/api-particulier-local) on 127.0.0.1:7091.
/// </summary>
public sealed class ApiParticulierOptions
{
    public const string Section = "ApiParticulier";

    /// <summary>
    /// Where API Particulier answers, without the <c>/v3/…</c> path: <c>https://staging.particulier.api.gouv.fr</c>
    /// (the sandbox), <c>https://particulier.api.gouv.fr</c> (production). HTTPS, except on a loopback address.
    /// </summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>
    /// The commune's API Particulier token (DataPass "API Particulier"; Key Vault in Azure), sent as a Bearer on the
    /// civil-status route. Never logged. The FranceConnect route sends the citizen's FranceConnect access token instead.
    /// </summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>How long one call may take in all, headers and body (a citizen is waiting on the form).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool Enabled => !string.IsNullOrWhiteSpace(BaseUrl);
}
