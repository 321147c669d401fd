using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>Pages a browser gets after posting a form, or instead of a form that does not exist.</summary>
public static class ResultPages
{
    /// <summary>
    /// The same form again, with what the person typed, the error summary at the top (focused, linked to each field)
    /// and each message beside its field; the page title starts with "Erreur :".
    /// </summary>
    /// <summary>The page for a procedure id the catalogue does not know (the form page and its framed twin).</summary>
    public static string UnknownProcedure(Language language) =>
        Html.Message(new Text("Démarche inconnue", "Unknown procedure").In(language), new Text("Cette démarche n'existe pas.", "This procedure does not exist.").In(language), "error", language, Html.PlatformName);

    public static string ValidationErrors(ProcedureDefinition procedure, RawSubmission submission, IReadOnlyList<FieldError> errors, Language language, CommuneDefinition commune, DateOnly today, string submitUrl)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(submission);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in procedure.Fields.Where(field => field.Kind != FieldKind.File))
        {
            if (submission.Repeated.TryGetValue(field.Name, out var several))
            {
                values[field.Name] = string.Join(',', several);
            }
            else if (submission.Fields.TryGetValue(field.Name, out var value))
            {
                values[field.Name] = value;
            }
        }

        var content = new FormPage.FormContent(procedure.Description.In(language), null, values)
        {
            // The stamp the form was shown with, already checked: correcting a mistake is not "sent too fast".
            IssuedStamp = submission.Fields.GetValueOrDefault(Submission.FormGuard.IssuedField),

            // The same key: the corrected form is still one application, however often it is posted.
            SubmissionKey = submission.Fields.GetValueOrDefault(Submission.FormGuard.SubmissionKeyField),
            Errors = errors,
        };
        return FormPage.Render(procedure, language, PageIdentity.Of(commune), today, submitUrl, content);
    }
}
