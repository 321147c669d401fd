using System.Text;
using Serverless.Core.Localization;
using Serverless.Core.Procedures;

namespace Serverless.Core.Pages;

/// <summary>Pages a browser gets after posting a form.</summary>
public static class ResultPages
{
    public static string ValidationErrors(ProcedureDefinition procedure, IReadOnlyList<FieldError> errors, Language language, string communeName, string formPath)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var body = new StringBuilder();
        body.Append("<div class=\"error\" role=\"alert\"><p>")
            .Append(Html.E(new Text("Votre demande n'a pas été enregistrée. Corrigez les points suivants :", "Your application was not stored. Please correct the following:").In(language)))
            .Append("</p><ul>");
        foreach (var error in errors)
        {
            body.Append("<li>").Append(Html.E(error.Message.In(language))).Append("</li>");
        }

        body.Append("</ul></div><p><a href=\"/api/").Append(Html.E(formPath)).Append("\">")
            .Append(Html.E(new Text("Revenir au formulaire", "Back to the form").In(language))).Append("</a></p>");
        return Html.Page(procedure.Title.In(language), body.ToString(), language, communeName);
    }
}
