using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Applications;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.BackOffice;

/// <summary>Who in the commune is in charge of an application: written on its row and moved in the back office's index.</summary>
public sealed class AssignmentHandler(AgentApplications access, ApplicationPageView view, AgentDirectory directory, ApplicationRepository applications, ApplicationIndex index)
{
    public async Task<IActionResult> AssignAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var (agent, application, language, form, refusal) = await access.OpenForPostAsync(request, reference, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var assignee = form!["assignee"].ToString().Trim().ToLowerInvariant();
        if (assignee.Length > 0 && !directory.Covers(assignee, application!.Commune.Id, application.Procedure.Id))
        {
            return PageResults.Page(400, await view.RenderAsync(agent!, application, language, BackOfficeLayout.T(language, "Choisissez un agent de la commune chargé de cette démarche.", "Choose an agent of the commune in charge of this procedure."), cancellationToken));
        }

        await AssignAsync(reference, assignee, cancellationToken);
        return Results.SeeOther(ApplicationPageView.PagePath(reference, language));
    }

    public async Task AssignAsync(string reference, string assignee, CancellationToken cancellationToken)
    {
        await applications.AssignAsync(reference, assignee, cancellationToken);
        await index.RefreshAsync(reference, cancellationToken);
    }
}
