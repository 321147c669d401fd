using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Localization;
using Serverless.Core.Pages;
using Serverless.Core.Procedures;

namespace Serverless.Core.Http;

/// <summary><c>GET /api/procedures/{procedureId}/form</c>: a ready-made HTML form for the procedure (no JavaScript).</summary>
public sealed class ProcedureFormHandler(ProcedureCatalog catalog, TimeProvider clock, Edge.FormGuard formGuard)
{
    public IActionResult Handle(HttpRequest request, string procedureId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var procedure = catalog.Find(procedureId);
        if (procedure is null)
        {
            return Results.Html(404, Html.Message(new Text("Démarche inconnue", "Unknown procedure").In(language), new Text("Cette démarche n'existe pas.", "This procedure does not exist.").In(language), "error", language, Html.PlatformName));
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var content = new FormPage.FormContent(procedure.Description.In(language), null, null) { IssuedStamp = formGuard.Issue() };
        return Results.Html(200, FormPage.Render(procedure, language, catalog.CommuneOf(procedure).Name, today, "/api/" + Routes.SubmitPath(procedure.Id), content));
    }
}
