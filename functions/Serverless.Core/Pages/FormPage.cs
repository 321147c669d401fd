using System.Globalization;
using System.Text;
using Serverless.Core.Localization;
using Serverless.Core.Procedures;

namespace Serverless.Core.Pages;

/// <summary>
/// A plain HTML form for a procedure: it works without JavaScript and shows how any web page can post to the API.
/// Conditional fields are always shown, with a note saying when they apply (the server drops what does not apply).
/// </summary>
public static class FormPage
{
    public static string Render(ProcedureDefinition procedure, Language language, string communeName, DateOnly today, string submitUrl) =>
        Render(procedure, language, communeName, today, submitUrl, new FormContent(procedure.Description.In(language), null, null));

    /// <summary>What a form shows besides its fields: an introduction, the fields to include (null: all), current values.</summary>
    public sealed record FormContent(string Introduction, IReadOnlyCollection<string>? OnlyFields, IReadOnlyDictionary<string, string>? Values)
    {
        /// <summary>A signed "form shown at" stamp (<see cref="Http.Edge.FormGuard"/>); null: none (the minimum fill time is not checked).</summary>
        public string? IssuedStamp { get; init; }

        /// <summary>Not null: the form is shown in a frame on these origins' pages (<see cref="EmbedPage"/>) and posts to the top window.</summary>
        public IReadOnlyList<string>? FrameOrigins { get; init; }
    }

    public static string Render(ProcedureDefinition procedure, Language language, string communeName, DateOnly today, string submitUrl, FormContent content)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(content);
        var body = new StringBuilder();
        body.Append("<p>").Append(Html.E(content.Introduction)).Append("</p>");
        body.Append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"").Append(Html.E(submitUrl)).Append('"')
            .Append(content.FrameOrigins is null ? string.Empty : " target=\"_top\"").Append('>');
        body.Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(language.Code()).Append("\">");
        if (content.IssuedStamp is { } stamp)
        {
            body.Append("<input type=\"hidden\" name=\"").Append(Http.Edge.FormGuard.IssuedField).Append("\" value=\"").Append(Html.E(stamp)).Append("\">");
        }

        // A honeypot: hidden from people (and from screen readers), filled in by form-spamming robots.
        body.Append("<div class=\"trap\" aria-hidden=\"true\"><label for=\"").Append(Http.Edge.FormGuard.HoneypotField).Append("\">")
            .Append(Html.E(new Text("Ne pas remplir ce champ", "Leave this field empty").In(language)))
            .Append("</label><input type=\"text\" id=\"").Append(Http.Edge.FormGuard.HoneypotField).Append("\" name=\"").Append(Http.Edge.FormGuard.HoneypotField)
            .Append("\" tabindex=\"-1\" autocomplete=\"off\"></div>");
        foreach (var field in procedure.Fields.Where(field => content.OnlyFields is null || content.OnlyFields.Contains(field.Name)))
        {
            body.Append(Label(procedure, field, language));
            body.Append(Input(procedure, field, language, today, content.Values?.GetValueOrDefault(field.Name)));
        }

        body.Append("<button type=\"submit\">").Append(Html.E(new Text("Envoyer ma demande", "Send my application").In(language))).Append("</button>");
        body.Append("</form>");
        body.Append("<p class=\"help\">").Append(Html.E(procedure.Legal.ReceiptMentions.In(language))).Append("</p>");
        return content.FrameOrigins is { } origins
            ? EmbedPage.Wrap(procedure.Title.In(language), body.ToString(), language, communeName, origins)
            : Html.Page(procedure.Title.In(language), body.ToString(), language, communeName);
    }

    private static string Label(ProcedureDefinition procedure, FieldDefinition field, Language language)
    {
        var label = new StringBuilder();
        var tag = field.Kind == FieldKind.Choice && field.Display != ChoiceDisplay.Select || field.Kind == FieldKind.YesNo ? "p" : "label";
        label.Append('<').Append(tag).Append(tag == "label" ? $" for=\"{field.Name}\"" : " class=\"legend\"").Append('>');
        label.Append(Html.E(field.Label.In(language)));
        if (!field.Required && field.RequiredIf is null)
        {
            label.Append(' ').Append(Html.E(new Text("(facultatif)", "(optional)").In(language)));
        }

        var condition = field.ShowIf ?? field.RequiredIf;
        if (condition is not null && procedure.Field(condition.Field) is { } controlling)
        {
            var values = string.Join(" / ", condition.In.Select(value => ApplicationSummary.Display(controlling, value, language)));
            var note = field.ShowIf is not null
                ? new Text("seulement si « {0} » : {1}", "only if \"{0}\": {1}")
                : new Text("obligatoire si « {0} » : {1}", "required if \"{0}\": {1}");
            label.Append(" <span class=\"help\">(").Append(Html.E(note.Format(language, controlling.Label.In(language), values))).Append(")</span>");
        }

        if (field.Help is { } help)
        {
            label.Append("<br><span class=\"help\">").Append(Html.E(help.In(language))).Append("</span>");
        }

        return label.Append("</").Append(tag).Append('>').ToString();
    }

    private static string Input(ProcedureDefinition procedure, FieldDefinition field, Language language, DateOnly today, string? current)
    {
        var required = field.Required && field.Kind != FieldKind.File ? " required" : string.Empty;
        var value = current is null ? string.Empty : $" value=\"{Html.E(current)}\"";
        var chosen = current?.Split(',') ?? [];
        var common = $"id=\"{field.Name}\" name=\"{field.Name}\"{required}";
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
                return Boxes(field, inputType, Choices(procedure, field, today).Select(choice => (choice.Value, choice.Label.In(language))), field.Required && inputType == "radio", chosen);
            case FieldKind.YesNo:
                return Boxes(field, "radio", [("yes", new Text("Oui", "Yes").In(language)), ("no", new Text("Non", "No").In(language))], field.Required, chosen);
            case FieldKind.LongText:
                return $"<textarea {common} maxlength=\"{field.MaxLength}\" rows=\"5\">{Html.E(current)}</textarea>";
            case FieldKind.File:
                var accept = string.Join(',', field.Files!.AllowedTypes.Select(type => type.ContentType));
                var multiple = field.Files.MaxCount > 1 ? " multiple" : string.Empty;
                return $"<input type=\"file\" {common} accept=\"{accept}\"{multiple}>";
            case FieldKind.Number:
                var min = field.Min is { } low ? $" min=\"{low.ToString(CultureInfo.InvariantCulture)}\"" : string.Empty;
                var max = field.Max is { } high ? $" max=\"{high.ToString(CultureInfo.InvariantCulture)}\"" : string.Empty;
                return $"<input type=\"number\" {common}{min}{max}{value} step=\"any\">";
            default:
                var (type, extra) = field.Kind switch
                {
                    FieldKind.Email => ("email", " autocomplete=\"email\""),
                    FieldKind.Phone => ("tel", " autocomplete=\"tel\""),
                    FieldKind.Date => ("date", string.Empty),
                    FieldKind.PostalCode => ("text", " inputmode=\"numeric\" pattern=\"[0-9]{5}\" autocomplete=\"postal-code\""),
                    _ => ("text", field.Pattern is { } pattern ? $" pattern=\"{Html.E(pattern)}\"" : string.Empty),
                };
                return $"<input type=\"{type}\" {common} maxlength=\"{field.MaxLength}\"{extra}{value}>";
        }
    }

    private static IReadOnlyList<Choice> Choices(ProcedureDefinition procedure, FieldDefinition field, DateOnly today) =>
        procedure.Rules.ChoicesFor(field, today) ?? field.Choices;

    private static string Boxes(FieldDefinition field, string type, IEnumerable<(string Value, string Label)> choices, bool required, IReadOnlyCollection<string> chosen)
    {
        var html = new StringBuilder("<div>");
        var index = 0;
        foreach (var (value, label) in choices)
        {
            var id = $"{field.Name}-{index++}";
            html.Append("<label class=\"choice\"><input type=\"").Append(type).Append("\" id=\"").Append(id)
                .Append("\" name=\"").Append(field.Name).Append("\" value=\"").Append(Html.E(value)).Append('"').Append(required ? " required" : string.Empty).Append(chosen.Contains(value) ? " checked" : string.Empty).Append("> ")
                .Append(Html.E(label)).Append("</label>");
        }

        return html.Append("</div>").ToString();
    }
}
