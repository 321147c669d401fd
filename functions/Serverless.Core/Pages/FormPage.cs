using System.Text;
using Serverless.Core.Localization;
using Serverless.Core.Procedures;

namespace Serverless.Core.Pages;

/// <summary>
/// A plain HTML form for a procedure: it works without JavaScript and shows how any web page can post to the API.
/// </summary>
public static class FormPage
{
    public static string Render(ProcedureDefinition procedure, Language language, string communeName, DateOnly today, string submitUrl)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var body = new StringBuilder();
        body.Append("<p>").Append(Html.E(procedure.Description.In(language))).Append("</p>");
        body.Append("<form method=\"post\" enctype=\"multipart/form-data\" action=\"").Append(Html.E(submitUrl)).Append("\">");
        body.Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(language.Code()).Append("\">");
        foreach (var field in procedure.Fields)
        {
            body.Append("<label for=\"").Append(field.Name).Append("\">").Append(Html.E(field.Label.In(language)));
            if (!field.Required)
            {
                body.Append(' ').Append(Html.E(new Text("(facultatif)", "(optional)").In(language)));
            }

            body.Append("</label>");
            body.Append(Input(procedure, field, language, today));
        }

        body.Append("<button type=\"submit\">").Append(Html.E(new Text("Envoyer ma demande", "Send my application").In(language))).Append("</button>");
        body.Append("</form>");
        return Html.Page(procedure.Title.In(language), body.ToString(), language, communeName);
    }

    private static string Input(ProcedureDefinition procedure, FieldDefinition field, Language language, DateOnly today)
    {
        var required = field.Required ? " required" : string.Empty;
        var common = $"id=\"{field.Name}\" name=\"{field.Name}\"{required}";
        switch (field.Kind)
        {
            case FieldKind.Choice:
                var choices = procedure.Rules.ChoicesFor(field.Name, today) ?? field.Choices;
                var options = new StringBuilder("<option value=\"\"></option>");
                foreach (var choice in choices)
                {
                    options.Append("<option value=\"").Append(Html.E(choice.Value)).Append("\">").Append(Html.E(choice.Label.In(language))).Append("</option>");
                }

                return $"<select {common}>{options}</select>";
            case FieldKind.LongText:
                return $"<textarea {common} maxlength=\"{field.MaxLength}\" rows=\"5\"></textarea>";
            case FieldKind.File:
                var accept = string.Join(',', field.Files!.AllowedTypes.Select(type => type.ContentType));
                return $"<input type=\"file\" {common} accept=\"{accept}\">";
            default:
                var (type, extra) = field.Kind switch
                {
                    FieldKind.Email => ("email", " autocomplete=\"email\""),
                    FieldKind.Phone => ("tel", " autocomplete=\"tel\""),
                    FieldKind.Date => ("date", string.Empty),
                    FieldKind.PostalCode => ("text", " inputmode=\"numeric\" pattern=\"[0-9]{5}\" autocomplete=\"postal-code\""),
                    _ => ("text", string.Empty),
                };
                return $"<input type=\"{type}\" {common} maxlength=\"{field.MaxLength}\"{extra}>";
        }
    }
}
