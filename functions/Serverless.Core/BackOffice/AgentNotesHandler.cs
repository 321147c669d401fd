using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.BackOffice;

/// <summary>An agent's private note on an application, seen by the commune's agents only.</summary>
public sealed class AgentNotesHandler(AgentApplications access, ApplicationPageView view, AgentNotes notes, TimeProvider clock)
{
    public async Task<IActionResult> AddNoteAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        var (agent, application, language, form, refusal) = await access.OpenForPostAsync(request, reference, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var text = SubmissionValidator.Normalise(form!["note"].ToString());
        var noteId = form["noteId"].ToString();
        if (text.Length is 0 or > AgentNotes.MaxLength || noteId.Length is < 10 or > 40)
        {
            return PageResults.Page(400, await view.RenderAsync(agent!, application!, language, BackOfficeLayout.T(language, $"Écrivez une note (au plus {AgentNotes.MaxLength} caractères).", $"Write a note (at most {AgentNotes.MaxLength} characters)."), cancellationToken));
        }

        await notes.AddAsync(reference, $"{clock.GetUtcNow().UtcTicks:D19}-{Fingerprint.Of(noteId)}", new AgentNote(agent!.Email, clock.GetUtcNow(), text), cancellationToken);
        return Results.SeeOther(ApplicationPageView.PagePath(reference, language));
    }
}
