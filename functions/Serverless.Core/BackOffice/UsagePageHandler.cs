using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Usage;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.BackOffice;

/// <summary>
/// <c>/api/agent/usage?month=yyyy-MM</c> (page) and <c>/api/agent/usage.csv</c>: the monthly usage report. An agent
/// sees their own commune's row; an address in <see cref="BackOfficeOptions.DeploymentAdministrators"/> (the
/// intercommunality's IT, who recharges its members) sees every commune of the deployment.
/// </summary>
public sealed class UsagePageHandler(AgentAuthentication authentication, ProcedureCatalog catalogue, UsageReportRenderer renderer, IOptions<BackOfficeOptions> options, TimeProvider clock)
{
    public async Task<IActionResult> PageAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        if (await authentication.CurrentAsync(request, cancellationToken) is not { } agent)
        {
            return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language));
        }

        if (!MaySee(agent))
        {
            return AdministratorsOnly(agent, language);
        }

        var body = await renderer.BodyAsync(ScopeOf(agent), Month(request), language, cancellationToken);
        var identity = BackOfficeLayout.IdentityOf(catalogue.FindCommune(agent.CommuneId));
        return PageResults.Page(200, BackOfficeLayout.Page(BackOfficeLayout.T(language, "Rapport de consommation", "Usage report"), body, language, identity, agent, "usage"));
    }

    public async Task<IActionResult> CsvAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        if (await authentication.CurrentAsync(request, cancellationToken) is not { } agent)
        {
            return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language));
        }

        if (!MaySee(agent))
        {
            return AdministratorsOnly(agent, language);
        }

        var month = Month(request);
        var csv = await renderer.CsvAsync(ScopeOf(agent), month, cancellationToken);
        return new StreamedResult("text/csv; charset=utf-8", $"consommation-{month}.csv", (body, token) => body.WriteAsync(Encoding.UTF8.GetBytes(csv), token).AsTask());
    }

    /// <summary>True when the agent may see every commune's usage.</summary>
    public bool IsDeploymentAdministrator(SignedInAgent agent) =>
        options.Value.DeploymentAdministrators.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(address => string.Equals(address, agent.Email, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The report counts every procedure's applications month by month: in a small commune a count of one says who
    /// asked the CCAS. Only the commune's administrator and the deployment's administrators read it.
    /// </summary>
    private bool MaySee(SignedInAgent agent) => agent.Access.Administrator || IsDeploymentAdministrator(agent);

    private WrittenResult AdministratorsOnly(SignedInAgent agent, Language language) =>
        BackOfficeLayout.AdministratorsOnly(new("Le rapport de consommation", "The usage report"), agent, catalogue.FindCommune(agent.CommuneId), language);

    private UsageScope ScopeOf(SignedInAgent agent) =>
        new(IsDeploymentAdministrator(agent) ? [.. catalogue.Communes.Select(commune => commune.Id)] : [agent.CommuneId]);

    /// <summary>The month asked (<c>yyyy-MM</c>), or the current one when absent or malformed.</summary>
    private string Month(HttpRequest request)
    {
        var asked = request.Query["month"].ToString();
        return DateTime.TryParseExact(asked, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? asked
            : clock.GetUtcNow().ToString("yyyy-MM", CultureInfo.InvariantCulture);
    }
}
