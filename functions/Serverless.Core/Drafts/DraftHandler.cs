using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Drafts;

/// <summary>
/// Drafts without an account or a cookie: the signed draft token in the address is the only key.
/// <list type="bullet">
/// <item><c>POST /api/procedures/{id}/drafts</c>: from the first step of a multi-step form (HTML), or from a
/// commune's site that knows the person (JSON: the values to prefill; answers 201 with the draft's address).</item>
/// <item><c>GET …/drafts/{token}[?step=n|review]</c>: a step, or "check your answers" (RGAA 11.12).</item>
/// <item><c>POST …/drafts/{token}</c>: the step's answers with <c>action</c> = next, save, send-link or submit; from a
/// script (JSON body: the widget), autosave, send-link or discard (<see cref="DraftScriptActions"/>).</item>
/// </list>
/// This class opens the draft and says which use case answers; each is a class of its own: creation
/// (<see cref="DraftCreation"/>), a step's answers (<see cref="DraftStepAnswers"/>, checked by the submission's
/// validator), the resume link (<see cref="DraftResumeLinks"/>), sending (<see cref="DraftSubmission"/>: filed once).
/// </summary>
public sealed class DraftHandler(
    ProcedureCatalog catalog,
    DraftOpening opening,
    DraftCreation creation,
    DraftStepPages pages,
    DraftStepAnswers answers,
    DraftResumeLinks links,
    DraftSubmission submission,
    DraftScriptActions script,
    CitizenAccounts.CitizenFormIdentity citizenIdentity)
{
    /// <summary>The first step of a multi-step procedure, before any draft exists (the form page of such a procedure).</summary>
    public string FirstStep(ProcedureDefinition procedure, CommuneDefinition commune, Language language, IReadOnlyDictionary<string, string>? prefill, IReadOnlyList<FieldError> errors, string? stamp, string? languageSwitchUrl, CitizenAccounts.FormIdentity identity) =>
        pages.FirstStep(procedure, commune, language, prefill, errors, stamp, languageSwitchUrl, identity);

    public Task<IActionResult> CreateAsync(HttpRequest request, string procedureId, CancellationToken cancellationToken) =>
        creation.CreateAsync(request, procedureId, cancellationToken);

    public async Task<IActionResult> ShowAsync(HttpRequest request, string procedureId, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var (procedure, draft, refusal) = await opening.OpenAsync(request, procedureId, token, language, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!request.Query.ContainsKey("lang") && LanguageNegotiation.TryParse(draft!.Language, out var saved))
        {
            language = saved;
        }

        var commune = catalog.CommuneOf(procedure!);
        var steps = DraftForm.Steps(procedure!);
        var requested = request.Query[DraftForm.StepField].ToString();
        var errors = await answers.ErrorsAsync(procedure!, commune, draft!, cancellationToken);
        if (requested == DraftRoutes.Review)
        {
            return PageResults.Page(200, CheckAnswersPage.Render(procedure!, commune, draft!, errors, token, language, PageLinks.OtherLanguage(request, language)));
        }

        var index = int.TryParse(requested, out var number) && number >= 1 && number <= steps.Count
            ? number - 1
            // Opened from a resume link or a prefill: the first step with something to fix, else the review.
            : steps.ToList().FindIndex(step => errors.Any(error => step.Fields.Contains(error.Field) && (draft!.Values.ContainsKey(error.Field) || draft.Prefilled.Contains(error.Field) || !draft!.Visited.Contains(step.Id))));
        if (index < 0)
        {
            return Results.SeeOther("/api/" + DraftRoutes.ReviewPath(procedure!.Id, token) + "&lang=" + language.Code());
        }

        // Problems shown on opening: values already there (prefilled or saved), never "required" for a blank step; a
        // signed-in citizen's verified identity replaces what the draft holds for those fields.
        var identity = await citizenIdentity.ForFormAsync(request, procedure!, language, cancellationToken, offerButton: false);
        var shown = errors.Where(error => steps[index].Fields.Contains(error.Field) && draft!.Values.ContainsKey(error.Field) && !identity.Values.ContainsKey(error.Field)).ToList();
        return PageResults.Page(200, pages.StepPage(request, procedure!, commune, draft!, index, token, draft!.Values, shown, language, identity));
    }

    public async Task<IActionResult> UpdateAsync(HttpRequest request, string procedureId, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var (procedure, draft, refusal) = await opening.OpenAsync(request, procedureId, token, language, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var sent = await SubmissionReader.ReadAsync(request, cancellationToken);
        if (sent is null)
        {
            return Problems.Simple(415, "unsupported-format", new("Format non pris en charge", "Unsupported format"), new("Envoyez le formulaire.", "Send the form."), language, request.Path.Value ?? string.Empty);
        }

        if (LanguageNegotiation.TryParse(sent.Fields.GetValueOrDefault("lang"), out var chosen))
        {
            language = chosen;
        }

        var commune = catalog.CommuneOf(procedure!);
        if (request.HasJsonContentType())
        {
            return await script.UpdateAsync(request, procedure!, commune, draft!, token, sent, language, cancellationToken);
        }

        var action = sent.Fields.GetValueOrDefault(DraftForm.ActionField, "next");
        if (action == "send-link")
        {
            return await links.SendFromPageAsync(request, procedure!, commune, draft!, token, sent.Fields.GetValueOrDefault("email", string.Empty), language, cancellationToken);
        }

        if (action == "submit")
        {
            return await submission.SubmitAsync(request, procedure!, commune, draft!, token, language, cancellationToken);
        }

        if (action == "save" && sent.Fields.GetValueOrDefault(DraftForm.StepField) == DraftRoutes.Review)
        {
            // Saved from "check your answers": nothing typed there, the draft stays as it is.
            return PageResults.Page(200, SaveDraftPage.Render(procedure!, commune, draft!, token, draft!.Values.GetValueOrDefault(procedure!.ContactEmailField), null, language));
        }

        var steps = DraftForm.Steps(procedure!);
        var index = int.TryParse(sent.Fields.GetValueOrDefault(DraftForm.StepField), out var number) && number >= 1 && number <= steps.Count ? number - 1 : 0;
        return await answers.ApplyAsync(request, procedure!, commune, draft!, index, sent, language, isNew: false, cancellationToken);
    }
}
