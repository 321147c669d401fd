using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.BackOffice;

/// <summary><c>GET /api/agent/export?format=csv|xlsx|ods&amp;…</c>: the list with the same filters and columns, every page, as a file.</summary>
public sealed class ExportHandler(AgentAuthentication authentication, ApplicationList list, ListExport export, TimeProvider clock)
{
    public async Task<IActionResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var agent = await authentication.CurrentAsync(request, cancellationToken);
        if (agent is null)
        {
            return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(LanguageNegotiation.FromRequest(request)));
        }

        var query = ApplicationListQuery.From(request.Query) with { Page = 1 };
        var rows = await list.AllAsync(agent.Access, agent.Email, query, cancellationToken);
        var stamp = clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
        return request.Query["format"].ToString() switch
        {
            "xlsx" => new StreamedResult("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"demandes-{agent.CommuneId}-{stamp}.xlsx", (body, token) => export.WriteXlsxAsync(rows, query.Columns, body, token)),
            "ods" => new StreamedResult("application/vnd.oasis.opendocument.spreadsheet", $"demandes-{agent.CommuneId}-{stamp}.ods", (body, token) => export.WriteOdsAsync(rows, query.Columns, body, token)),
            _ => new StreamedResult("text/csv; charset=utf-8", $"demandes-{agent.CommuneId}-{stamp}.csv", (body, token) => export.WriteCsvAsync(rows, query.Columns, body, token)),
        };
    }
}
