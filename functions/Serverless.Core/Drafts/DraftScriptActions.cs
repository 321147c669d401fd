using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Core.Outbox;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Drafts;

/// <summary>
/// The same draft address for a script (the widget), told apart by its JSON body (the pages post forms):
/// <c>autosave</c> replaces the draft's answers with the ones sent (all of them: the widget holds the whole form),
/// <c>send-link</c> e-mails the resume link, <c>discard</c> deletes the draft once the widget has filed the
/// application itself. Attachments never travel this way: the widget sends them with the application.
/// </summary>
public sealed class DraftScriptActions(
    DraftStore drafts,
    EmailOutbox outbox,
    DraftResumeLinks links,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock)
{
    public const string AutosaveAction = "autosave";
    public const string SendLinkAction = "send-link";
    public const string DiscardAction = "discard";

    public async Task<IActionResult> UpdateAsync(HttpRequest request, ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, string token, RawSubmission sent, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(sent);
        var instance = request.Path.Value ?? string.Empty;
        switch (sent.Fields.GetValueOrDefault(DraftForm.ActionField))
        {
            case AutosaveAction:
                var values = DraftForm.Values(sent);
                var unknown = values.Keys.Where(name => procedure.Field(name) is not { } field || field.Kind == FieldKind.File).ToList();
                if (unknown.Count > 0)
                {
                    return Problems.Validation([.. unknown.Select(name => new FieldError(name, new Text(ValidationMessages.UnknownField.Format(Language.French, name), ValidationMessages.UnknownField.Format(Language.English, name))))], language, instance);
                }

                if (DraftValueLimits.Check(procedure, values) is { Count: > 0 } tooLong)
                {
                    return Problems.Validation(tooLong, language, instance);
                }

                // Stored as typed, like a prefill: a step's problems are shown when the draft is opened again.
                draft.ValuesJson = DraftStore.Serialize(values);
                draft.PrefilledFields = string.Join(',', draft.Prefilled.Where(name => !values.ContainsKey(name)));
                if (!await drafts.TryReplaceAsync(draft, cancellationToken))
                {
                    return ChangedMeanwhile(language, instance);
                }

                return Results.JsonBody(200, Saved(procedure, draft, token, language));

            case SendLinkAction:
                var email = sent.Fields.GetValueOrDefault("email", string.Empty);
                var (address, problem) = links.CheckAddress(procedure, commune, email);
                if (address is null)
                {
                    return Problems.Validation([new FieldError("email", problem?.Message ?? new Text(ValidationMessages.Required.Format(Language.French, "Courriel"), ValidationMessages.Required.Format(Language.English, "E-mail")))], language, instance);
                }

                if (links.CheckLink(request, commune, draft, address) is { } refused)
                {
                    return refused;
                }

                if (!await links.SendAsync(procedure, commune, draft, token, address, language, cancellationToken))
                {
                    return ChangedMeanwhile(language, instance);
                }

                return Results.JsonBody(200, new { sentTo = address, expiresAt = draft.ExpiresAt, expiresAtText = ApplicationSummary.DateTime(draft.ExpiresAt, language) });

            case DiscardAction:
                await drafts.DeleteAsync(draft, cancellationToken);
                await outbox.ForgetAsync(DraftRoutes.OutboxKey(draft.DraftId), cancellationToken);
                return Results.JsonBody(200, new { deleted = true });

            default:
                return Problems.Simple(400, "unknown-action", new("Action inconnue", "Unknown action"), new("« action » vaut autosave, send-link ou discard.", "\"action\" is autosave, send-link or discard."), language, instance);
        }
    }

    private static WrittenResult ChangedMeanwhile(Language language, string instance) =>
        Problems.Simple(409, "draft-changed", new("Brouillon modifié entre-temps", "Draft changed meanwhile"), new("Ce brouillon a été modifié dans une autre fenêtre.", "This draft was changed in another window."), language, instance);

    /// <summary>What a script is told after a save: where the draft is and until when it is kept (as the pages say it).</summary>
    private object Saved(ProcedureDefinition procedure, DraftRecord draft, string token, Language language) => new
    {
        draftUrl = urls.Value.Api(DraftRoutes.DraftPath(procedure.Id, token)),
        expiresAt = draft.ExpiresAt,
        expiresAtText = ApplicationSummary.DateTime(draft.ExpiresAt, language),
        savedAt = clock.GetUtcNow(),
    };
}
