using Microsoft.AspNetCore.Http;
using Serverless.Core.Addresses;
using Serverless.Core.CitizenAccounts;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Drafts;

/// <summary>The pages of a multi-step form: a step with its answers and problems, and the draft's common messages.</summary>
public sealed class DraftStepPages(TimeProvider clock)
{
    /// <summary>The first step of a multi-step procedure, before any draft exists (the form page of such a procedure).</summary>
    public string FirstStep(ProcedureDefinition procedure, CommuneDefinition commune, Language language, IReadOnlyDictionary<string, string>? prefill, IReadOnlyList<FieldError> errors, string? stamp, string? languageSwitchUrl, FormIdentity? identity = null)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var step = DraftForm.Steps(procedure)[0];
        var hidden = new List<(string, string)> { (DraftForm.StepField, "1") };
        // Values prefilled for later steps travel with the first post and are checked when their step opens (the
        // verified identity's are not sent: each step takes them from the session).
        identity ??= FormIdentity.None;
        hidden.AddRange((prefill ?? new Dictionary<string, string>()).Where(pair => !step.Fields.Contains(pair.Key) && !identity.Values.ContainsKey(pair.Key)).Select(pair => (pair.Key, pair.Value)));
        var content = StepContent(procedure, 0, language, prefill, errors, expiresAt: null, identity) with
        {
            IssuedStamp = stamp,
            Hidden = hidden,
            LanguageSwitchUrl = languageSwitchUrl,
        };
        return FormPage.Render(procedure, language, PageIdentity.Of(commune), Today(), "/api/" + Routes.CreateDraft.Replace("{procedureId}", procedure.Id, StringComparison.Ordinal), content);
    }

    /// <summary>A step of an existing draft, posting back to the draft's address.</summary>
    public string StepPage(HttpRequest request, ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, int index, string token, IReadOnlyDictionary<string, string> values, IReadOnlyList<FieldError> errors, Language language, FormIdentity? identity = null)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(draft);
        var content = StepContent(procedure, index, language, values, errors, draft.ExpiresAt, identity ?? FormIdentity.None) with
        {
            Hidden = [(DraftForm.StepField, (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))],
            LanguageSwitchUrl = PageLinks.OtherLanguage(request, language),
            AttachedFiles = draft.Attachments,
        };
        return FormPage.Render(procedure, language, PageIdentity.Of(commune), Today(), "/api/" + DraftRoutes.DraftPath(procedure.Id, token) + "?lang=" + language.Code(), content);
    }

    /// <summary>409: two windows saved the same draft, and this one lost (its answers are not kept).</summary>
    public static WrittenResult ChangedMeanwhile(CommuneDefinition commune, Language language) =>
        PageResults.Page(409, Html.Message(new Text("Brouillon modifié entre-temps", "Draft changed meanwhile").In(language), new Text("Ce brouillon a été modifié dans une autre fenêtre : rechargez la page.", "This draft was changed in another window: reload the page.").In(language), "error", language, PageIdentity.Of(commune)));

    private static FormPage.FormContent StepContent(ProcedureDefinition procedure, int index, Language language, IReadOnlyDictionary<string, string>? values, IReadOnlyList<FieldError> errors, DateTimeOffset? expiresAt, FormIdentity identity)
    {
        var steps = DraftForm.Steps(procedure);
        var label = DraftForm.StepLabel(procedure, index, language);
        var expiry = expiresAt is { } at
            ? $"<p class=\"help\">{Html.E(new Text("Vos réponses sont conservées en brouillon jusqu'au {0}.", "Your answers are kept as a draft until {0}.").Format(language, ApplicationSummary.DateTime(at, language)))}</p>"
            : string.Empty;
        var last = index == steps.Count - 1;
        // A signed-in citizen's verified identity shown (and locked) over what the draft holds.
        var shown = new Dictionary<string, string>(values ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var (name, value) in identity.Values)
        {
            shown[name] = value;
        }

        return new FormPage.FormContent(index == 0 ? procedure.Description.In(language) : string.Empty, steps[index].Fields, shown)
        {
            Errors = errors,
            DocumentTitle = $"{label} – {procedure.Title.In(language)}",
            Preamble = $"{identity.Preamble}<p class=\"step\"><strong>{Html.E(label)}</strong></p>{expiry}",
            LockedFields = [.. identity.Values.Keys.Where(steps[index].Fields.Contains)],
            Buttons =
            [
                new(DraftForm.ActionField, "next", last ? new Text("Vérifier mes réponses", "Check my answers").In(language) : new Text("Continuer", "Continue").In(language)),
                new(DraftForm.ActionField, "save", new Text("Enregistrer et reprendre plus tard", "Save and continue later").In(language), "secondary"),
            ],
        };
    }

    private DateOnly Today() => Deadlines.ParisToday.Of(clock);
}
