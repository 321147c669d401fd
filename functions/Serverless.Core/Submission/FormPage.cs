using System.Globalization;
using System.Text;
using Serverless.Core.Applications;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>
/// A plain HTML form for a procedure: it works without JavaScript and shows how any web page can post to the API.
/// Conditional fields are always shown, with a note saying when they apply (the server drops what does not apply).
/// The browser's own validation is off (<c>novalidate</c>): its bubbles speak the browser's language, one field at
/// a time; the server's error summary says everything at once, in the page's language (RGAA 11.10, 11.11).
/// </summary>
public static class FormPage
{
    public static string Render(ProcedureDefinition procedure, Language language, string communeName, DateOnly today, string submitUrl) =>
        Render(procedure, language, PageIdentity.Platform(communeName), today, submitUrl, new FormContent(procedure.Description.In(language), null, null));

    /// <summary>What a form shows besides its fields: an introduction, the fields to include (null: all), current values.</summary>
    public sealed record FormContent(string Introduction, IReadOnlyCollection<string>? OnlyFields, IReadOnlyDictionary<string, string>? Values)
    {
        /// <summary>A signed "form shown at" stamp (<see cref="Submission.FormGuard"/>); null: none (the minimum fill time is not checked).</summary>
        public string? IssuedStamp { get; init; }

        /// <summary>The form's idempotency key (<see cref="Submission.FormGuard.SubmissionKeyField"/>), when it has one.</summary>
        public string? SubmissionKey { get; init; }

        /// <summary>Not null: the form is shown in a frame on these origins' pages (<see cref="EmbedPage"/>) and posts to the top window.</summary>
        public IReadOnlyList<string>? FrameOrigins { get; init; }

        /// <summary>What the server refused in the last post: summarised at the top, repeated at each field.</summary>
        public IReadOnlyList<FieldError> Errors { get; init; } = [];

        /// <summary>The address of the same page in the other language (the switch in the heading).</summary>
        public string? LanguageSwitchUrl { get; init; }

        /// <summary>The page's title when it is not the procedure's (the correction page).</summary>
        public string? Title { get; init; }

        /// <summary>The document's title when it says more than the heading (a step: "Étape 2 sur 3 : …").</summary>
        public string? DocumentTitle { get; init; }

        /// <summary>Shown above the fields: the step's position and name, the draft's expiry.</summary>
        public string? Preamble { get; init; }

        /// <summary>Hidden fields the post must carry (the step, prefilled values of later steps).</summary>
        public IReadOnlyList<(string Name, string Value)> Hidden { get; init; } = [];

        /// <summary>Files a draft already holds: named beside their field, kept unless another is chosen.</summary>
        public IReadOnlyList<StoredAttachment> AttachedFiles { get; init; } = [];

        /// <summary>Fields whose value FranceConnect vouches for: shown read-only, marked "vérifié FranceConnect".</summary>
        public IReadOnlyCollection<string> LockedFields { get; init; } = [];

        /// <summary>For a locked field another source than FranceConnect filled (the family quotient): the source, shown beside it.</summary>
        public IReadOnlyDictionary<string, string> LockedNotes { get; init; } = new Dictionary<string, string>();

        /// <summary>The buttons; empty: one "Envoyer ma demande".</summary>
        public IReadOnlyList<FormButton> Buttons { get; init; } = [];
    }

    /// <summary>A submit button; its name and value tell the server what the person chose (next, save…).</summary>
    public sealed record FormButton(string Name, string Value, string Label, string? CssClass = null);

    public static string Render(ProcedureDefinition procedure, Language language, PageIdentity identity, DateOnly today, string submitUrl, FormContent content)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(content);
        var fields = procedure.Fields.Where(field => content.OnlyFields is null || content.OnlyFields.Contains(field.Name)).ToList();
        var body = new StringBuilder();
        body.Append(ErrorSummary(procedure, content.Errors, language));
        body.Append(content.Preamble);
        body.Append("<p>").Append(Html.E(content.Introduction)).Append("</p>");
        body.Append("<p class=\"help\">").Append(Html.E(new Text("Les champs marqués d'un astérisque (*) sont obligatoires.", "Fields marked with an asterisk (*) are required.").In(language))).Append("</p>");
        if (content.Errors.Count > 0 && fields.Any(field => field.Kind == FieldKind.File))
        {
            body.Append("<p class=\"notice\">").Append(Html.E(new Text("Pour votre sécurité, les fichiers ne sont pas conservés après une erreur : joignez-les de nouveau.", "For your security, files are not kept after an error: please attach them again.").In(language))).Append("</p>");
        }

        body.Append("<form method=\"post\" enctype=\"multipart/form-data\" novalidate action=\"").Append(Html.E(submitUrl)).Append('"')
            .Append(content.FrameOrigins is null ? string.Empty : " target=\"_top\"").Append('>');
        body.Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(language.Code()).Append("\">");
        if (content.IssuedStamp is { } stamp)
        {
            body.Append("<input type=\"hidden\" name=\"").Append(Submission.FormGuard.IssuedField).Append("\" value=\"").Append(Html.E(stamp)).Append("\">");
        }

        if (content.SubmissionKey is { } key)
        {
            body.Append("<input type=\"hidden\" name=\"").Append(Submission.FormGuard.SubmissionKeyField).Append("\" value=\"").Append(Html.E(key)).Append("\">");
        }

        foreach (var (name, value) in content.Hidden)
        {
            body.Append("<input type=\"hidden\" name=\"").Append(Html.E(name)).Append("\" value=\"").Append(Html.E(value)).Append("\">");
        }

        // A honeypot: hidden from people (and from screen readers), filled in by form-spamming robots.
        body.Append("<div class=\"trap\" aria-hidden=\"true\"><label for=\"").Append(Submission.FormGuard.HoneypotField).Append("\">")
            .Append(Html.E(new Text("Ne pas remplir ce champ", "Leave this field empty").In(language)))
            .Append("</label><input type=\"text\" id=\"").Append(Submission.FormGuard.HoneypotField).Append("\" name=\"").Append(Submission.FormGuard.HoneypotField)
            .Append("\" tabindex=\"-1\" autocomplete=\"off\"></div>");
        foreach (var field in fields)
        {
            var error = content.Errors.FirstOrDefault(candidate => candidate.Field == field.Name);
            body.Append(Field(procedure, field, language, today, content.Values?.GetValueOrDefault(field.Name), error, content.LockedFields.Contains(field.Name), content.LockedNotes.GetValueOrDefault(field.Name)));
            foreach (var attached in content.AttachedFiles.Where(file => file.FieldName == field.Name))
            {
                body.Append("<p class=\"help\">").Append(Html.E(new Text("Fichier déjà joint : {0} (gardé si vous n'en choisissez pas d'autre).", "File already attached: {0} (kept unless you choose another).").Format(language, attached.OriginalName))).Append("</p>");
            }
        }

        if (content.Buttons.Count == 0)
        {
            body.Append("<button type=\"submit\">").Append(Html.E(new Text("Envoyer ma demande", "Send my application").In(language))).Append("</button>");
        }

        foreach (var button in content.Buttons)
        {
            body.Append("<button type=\"submit\" name=\"").Append(Html.E(button.Name)).Append("\" value=\"").Append(Html.E(button.Value)).Append('"')
                .Append(button.CssClass is { } css ? $" class=\"{css}\"" : string.Empty).Append('>').Append(Html.E(button.Label)).Append("</button> ");
        }

        body.Append("</form>");
        body.Append("<p class=\"help\">").Append(Html.E(procedure.Legal.ReceiptMentions.In(language))).Append("</p>");
        return content.FrameOrigins is { } origins
            ? EmbedPage.Wrap(content.Title ?? procedure.Title.In(language), body.ToString(), language, identity, origins)
            : Html.Page(content.Title ?? procedure.Title.In(language), body.ToString(), language, identity, new Html.PageOptions(content.Errors.Count > 0, content.LanguageSwitchUrl) { DocumentTitle = content.DocumentTitle });
    }

    /// <summary>The id a field's error links to: its input, or the first box of a group.</summary>
    public static string TargetId(ProcedureDefinition procedure, string fieldName)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return procedure.Field(fieldName) is { } field && IsGroup(field) ? $"{field.Name}-0" : fieldName;
    }

    /// <summary>
    /// Every problem at the top of the page, each a link to its field. The summary takes the focus when the page
    /// opens (<c>autofocus</c>: no script needed) and is an alert, so screen readers announce it at once.
    /// </summary>
    public static string ErrorSummary(ProcedureDefinition procedure, IReadOnlyList<FieldError> errors, Language language)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            return string.Empty;
        }

        var html = new StringBuilder("<div class=\"error-summary\" id=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus aria-labelledby=\"error-summary-title\"><h2 id=\"error-summary-title\">");
        var heading = errors.Count == 1
            ? new Text("Votre demande n'a pas été enregistrée : 1 point est à corriger", "Your application was not stored: 1 thing to correct").In(language)
            : new Text("Votre demande n'a pas été enregistrée : {0} points sont à corriger", "Your application was not stored: {0} things to correct").Format(language, errors.Count);
        html.Append(Html.E(heading));
        html.Append("</h2><ul>");
        foreach (var error in errors)
        {
            var known = procedure.Field(error.Field) is not null;
            html.Append("<li>");
            if (known)
            {
                html.Append("<a href=\"#").Append(Html.E(TargetId(procedure, error.Field))).Append("\">").Append(Html.E(error.Message.In(language))).Append("</a>");
            }
            else
            {
                html.Append(Html.E(error.Message.In(language)));
            }

            html.Append("</li>");
        }

        return html.Append("</ul></div>").ToString();
    }

    private static bool IsGroup(FieldDefinition field) => field.Kind == FieldKind.YesNo || field.Kind == FieldKind.Choice && field.Display != ChoiceDisplay.Select;

    private static string Field(ProcedureDefinition procedure, FieldDefinition field, Language language, DateOnly today, string? current, FieldError? error, bool locked = false, string? lockedNote = null)
    {
        var hintId = field.Help is not null || Condition(procedure, field, language) is not null ? $"{field.Name}-hint" : null;
        var errorId = error is not null ? $"{field.Name}-error" : null;
        var describedBy = string.Join(' ', new[] { hintId, errorId }.Where(id => id is not null));
        var described = describedBy.Length > 0 ? $" aria-describedby=\"{describedBy}\"" : string.Empty;
        var hint = hintId is null ? string.Empty : $"<span class=\"help\" id=\"{hintId}\">{Html.E(string.Join(" ", new[] { Condition(procedure, field, language), field.Help?.In(language) }.Where(text => text is not null)))}</span>";
        var errorText = error is null ? string.Empty : $"<span class=\"field-error\" id=\"{errorId}\"><span class=\"trap\">{Html.E(new Text("Erreur : ", "Error: ").In(language))}</span>{Html.E(error.Message.In(language))}</span>";
        var label = Html.E(field.Label.In(language)) + Marker(field, language)
            + (locked ? $" <span class=\"verified\">{Html.E(lockedNote ?? new Text("vérifié FranceConnect", "verified by FranceConnect").In(language))}</span>" : string.Empty);
        if (IsGroup(field))
        {
            // A group of boxes is a fieldset named by its legend (RGAA 11.5, 11.6); the hint and error describe the group.
            return $"<fieldset{described}><legend>{label}</legend>{hint}{errorText}{Input(procedure, field, language, today, current, string.Empty, error is not null)}</fieldset>";
        }

        var input = Input(procedure, field, language, today, current, described, error is not null);
        // A locked field's value came from FranceConnect: the citizen reads it, cannot change it (and the server refuses a changed one).
        return $"<label for=\"{field.Name}\">{label}</label>{hint}{errorText}{(locked ? input.Replace(" name=", " readonly name=", StringComparison.Ordinal) : input)}";
    }

    /// <summary>An asterisk for a required field (explained above the form), "(facultatif)" for an optional one (RGAA 11.10).</summary>
    private static string Marker(FieldDefinition field, Language language) =>
        field.Required && field.RequiredIf is null && field.ShowIf is null
            ? " <span class=\"required\" aria-hidden=\"true\">*</span>"
            : field.Required || field.RequiredIf is not null
                ? string.Empty
                : " " + Html.E(new Text("(facultatif)", "(optional)").In(language));

    private static string? Condition(ProcedureDefinition procedure, FieldDefinition field, Language language)
    {
        var condition = field.ShowIf ?? field.RequiredIf;
        if (condition is null || procedure.Field(condition.Field) is not { } controlling)
        {
            return null;
        }

        var values = string.Join(" / ", condition.In.Select(value => ApplicationSummary.Display(controlling, value, language)));
        var note = field.ShowIf is not null
            ? new Text("À remplir seulement si « {0} » : {1}.", "Only if \"{0}\": {1}.")
            : new Text("Obligatoire si « {0} » : {1}.", "Required if \"{0}\": {1}.");
        return note.Format(language, controlling.Label.In(language), values);
    }

    private static string Input(ProcedureDefinition procedure, FieldDefinition field, Language language, DateOnly today, string? current, string described, bool invalid)
    {
        // Marked required for assistive technologies (aria-required through the attribute); novalidate keeps the browser quiet.
        var required = field.Required && field.ShowIf is null && field.Kind != FieldKind.File ? " required" : string.Empty;
        var value = current is null ? string.Empty : $" value=\"{Html.E(current)}\"";
        var chosen = current?.Split(',') ?? [];
        var state = invalid ? " aria-invalid=\"true\"" : string.Empty;
        var autocomplete = field.AutocompleteToken is { } token ? $" autocomplete=\"{token}\"" : string.Empty;
        var common = $"id=\"{field.Name}\" name=\"{field.Name}\"{required}{described}{state}";
        switch (field.Kind)
        {
            case FieldKind.Choice when field.Display == ChoiceDisplay.Select:
                var options = new StringBuilder("<option value=\"\"></option>");
                foreach (var choice in Choices(procedure, field, today))
                {
                    options.Append("<option value=\"").Append(Html.E(choice.Value)).Append('"').Append(chosen.Contains(choice.Value) ? " selected" : string.Empty).Append('>').Append(Html.E(choice.Label.In(language))).Append("</option>");
                }

                return $"<select {common}>{options}</select>";
            case FieldKind.Choice:
                var inputType = field.Display == ChoiceDisplay.Radio ? "radio" : "checkbox";
                return Boxes(field, inputType, Choices(procedure, field, today).Select(choice => (choice.Value, choice.Label.In(language))), field.Required && field.ShowIf is null && inputType == "radio", chosen, invalid);
            case FieldKind.YesNo:
                return Boxes(field, "radio", [("yes", new Text("Oui", "Yes").In(language)), ("no", new Text("Non", "No").In(language))], field.Required && field.ShowIf is null, chosen, invalid);
            case FieldKind.LongText:
                return $"<textarea {common} maxlength=\"{field.MaxLength}\" rows=\"5\"{autocomplete}>{Html.E(current)}</textarea>";
            case FieldKind.File:
                var accept = string.Join(',', field.Files!.AllowedTypes.Select(type => type.ContentType));
                var multiple = field.Files.MaxCount > 1 ? " multiple" : string.Empty;
                return $"<input type=\"file\" {common} accept=\"{accept}\"{multiple}>";
            case FieldKind.Number:
                var min = field.Min is { } low ? $" min=\"{low.ToString(CultureInfo.InvariantCulture)}\"" : string.Empty;
                var max = field.Max is { } high ? $" max=\"{high.ToString(CultureInfo.InvariantCulture)}\"" : string.Empty;
                return $"<input type=\"number\" {common}{min}{max}{value} step=\"any\"{autocomplete}>";
            default:
                var (type, extra) = field.Kind switch
                {
                    FieldKind.Email => ("email", string.Empty),
                    FieldKind.Phone => ("tel", string.Empty),
                    FieldKind.Date => ("date", string.Empty),
                    FieldKind.PostalCode => ("text", " inputmode=\"numeric\" pattern=\"[0-9]{5}\""),
                    _ => ("text", field.Pattern is { } pattern ? $" pattern=\"{Html.E(pattern)}\"" : string.Empty),
                };
                return $"<input type=\"{type}\" {common} maxlength=\"{field.MaxLength}\"{extra}{autocomplete}{value}>";
        }
    }

    private static IReadOnlyList<Choice> Choices(ProcedureDefinition procedure, FieldDefinition field, DateOnly today) =>
        procedure.Rules.ChoicesFor(field, today) ?? field.Choices;

    private static string Boxes(FieldDefinition field, string type, IEnumerable<(string Value, string Label)> choices, bool required, IReadOnlyCollection<string> chosen, bool invalid)
    {
        var html = new StringBuilder("<div>");
        var index = 0;
        foreach (var (value, label) in choices)
        {
            var id = $"{field.Name}-{index++}";
            html.Append("<label class=\"choice\"><input type=\"").Append(type).Append("\" id=\"").Append(id)
                .Append("\" name=\"").Append(field.Name).Append("\" value=\"").Append(Html.E(value)).Append('"').Append(required ? " required" : string.Empty)
                .Append(invalid ? " aria-invalid=\"true\"" : string.Empty).Append(chosen.Contains(value) ? " checked" : string.Empty).Append("> ")
                .Append(Html.E(label)).Append("</label>");
        }

        return html.Append("</div>").ToString();
    }
}
