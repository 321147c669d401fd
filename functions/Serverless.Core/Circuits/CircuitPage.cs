using System.Text;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;

namespace Serverless.Core.Circuits;

/// <summary>Everything a circuit page shows to the person its link names.</summary>
public sealed record CircuitView(
    LoadedApplication Application,
    CircuitStepPlan Step,
    int StepCount,
    string ActorName,
    string Capacity,
    IReadOnlyList<DecisionVersion> Versions,
    IReadOnlyList<RecordedCircuitAction> Actions,
    CircuitPaths Paths)
{
    public DecisionVersion Current => Versions[^1];

    public DecisionVersion? Previous => Versions.Count > 1 ? Versions[^2] : null;

    /// <summary>A signature's code was sent (the form asks for it).</summary>
    public bool CodeSent { get; init; }

    public string? Error { get; init; }

    public string? Notice { get; init; }
}

/// <summary>The signed addresses a circuit page posts to and links to.</summary>
public sealed record CircuitPaths(string Action, string Code, string Document);

/// <summary>
/// The page behind a circuit link, mobile first: the decision as it stands (and the PDF), what the last amendment
/// changed, the history of versions and actions, then what this person may do at this step. Opening it does nothing
/// (mail scanners open links); every action is a POST, and a signature asks for the one-time code sent by e-mail.
/// </summary>
public static class CircuitPage
{
    public static string Render(CircuitView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        const Language language = Language.French;
        var application = view.Application;
        var body = new StringBuilder();
        body.Append("<p>Demande <code>").Append(Html.E(application.Reference)).Append("</code> de ")
            .Append(Html.E(ApplicationSummary.HolderName(application.Procedure, application.Values)))
            .Append(" – étape ").Append(view.Step.Index + 1).Append(" sur ").Append(view.StepCount).Append(" : ").Append(Html.E(view.Step.Label)).Append("</p>")
            .Append("<p class=\"help\">Vous agissez en tant que ").Append(Html.E(view.ActorName)).Append(" (").Append(Html.E(view.Capacity)).Append(").</p>");
        if (view.Error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\">").Append(Html.E(view.Error)).Append("</p>");
        }

        if (view.Notice is not null)
        {
            body.Append("<p class=\"ok\" role=\"status\">").Append(Html.E(view.Notice)).Append("</p>");
        }

        if (view.Step.Kind == CircuitStepKind.Draft && view.Actions.Count > 0 && view.Actions[^1] is { Action: CircuitAction.SendBack } sentBack)
        {
            // What the drafter must take up, first: the person who sent it back and why.
            body.Append("<div class=\"notice\" id=\"sent-back\"><p><strong>Projet renvoyé par ").Append(Html.E(sentBack.ActorName)).Append(" le ")
                .Append(Html.E(ApplicationSummary.DateTime(sentBack.At, language))).Append("</strong> : « ").Append(Html.E(sentBack.Comment)).Append(" »</p></div>");
        }

        body.Append("<h2>").Append(Html.E(view.Current.Title)).Append(" <span class=\"help\">(version ").Append(view.Current.Number).Append(")</span></h2>")
            .Append("<div class=\"document\">").Append(Html.E(view.Current.Body)).Append("</div>")
            .Append("<p><a href=\"/api/").Append(Html.E(view.Paths.Document)).Append("\">Lire le document PDF (version ").Append(view.Current.Number).Append(", avec ses visas)</a></p>");
        if (view.Previous is { } previous)
        {
            body.Append("<details><summary>Ce qui a changé depuis la version ").Append(previous.Number).Append("</summary>")
                .Append("<p class=\"help\">Texte supprimé barré, texte ajouté souligné.</p>")
                .Append("<div class=\"document\">").Append(Diff(previous.Title, view.Current.Title)).Append("\n\n").Append(Diff(previous.Body, view.Current.Body)).Append("</div></details>");
        }

        History(body, view);
        switch (view.Step.Kind)
        {
            case CircuitStepKind.Draft:
                TextForm(body, view, "submit", "Soumettre au circuit de visa et de signature", "Motif de la modification (si vous modifiez le texte)", reasonRequired: false);
                break;
            case CircuitStepKind.Visa:
                body.Append("<form method=\"post\" action=\"/api/").Append(Html.E(view.Paths.Action)).Append("\">")
                    .Append("<button type=\"submit\" name=\"action\" value=\"approve\">Viser ce projet (version ").Append(view.Current.Number).Append(")</button></form>");
                SendBackForm(body, view);
                body.Append("<details><summary>Modifier le projet</summary>");
                TextForm(body, view, "amend", "Enregistrer la nouvelle version", "Motif de la modification (obligatoire)", reasonRequired: true);
                body.Append("<p class=\"help\">Une nouvelle version repart des visas : chacun la relit.</p></details>");
                break;
            default:
                SignForm(body, view);
                SendBackForm(body, view);
                break;
        }

        return Html.Page($"Décision : {application.Procedure.Title.Fr}", body.ToString(), language, PageIdentity.Of(application.Commune));
    }

    private static string Diff(string before, string after)
    {
        var html = new StringBuilder();
        foreach (var segment in TextDiff.Compare(before, after))
        {
            var tag = segment.Kind switch { DiffKind.Removed => "del", DiffKind.Added => "ins", _ => null };
            html.Append(tag is null ? string.Empty : $"<{tag}>").Append(Html.E(segment.Text)).Append(tag is null ? string.Empty : $"</{tag}>");
        }

        return html.ToString();
    }

    private static void History(StringBuilder body, CircuitView view)
    {
        const Language language = Language.French;
        var events = view.Versions.Select(version => (version.At, Text: version.Reason is null
                ? $"Version {version.Number} rédigée par {version.Author}"
                : $"Version {version.Number} par {version.Author} – motif : {version.Reason}"))
            .Concat(view.Actions.Select(action => (action.At, Text: $"{action.ActorName} : {Verb(action.Action)}{(action.Comment.Length > 0 ? $" – « {action.Comment} »" : string.Empty)}")))
            .OrderBy(entry => entry.At);
        body.Append("<details><summary>Historique de la décision</summary><ol class=\"history\">");
        foreach (var (at, text) in events)
        {
            body.Append("<li><strong>").Append(Html.E(ApplicationSummary.DateTime(at, language))).Append("</strong> – ").Append(Html.E(text)).Append("</li>");
        }

        body.Append("</ol></details>");
    }

    public static string Verb(CircuitAction action) => action switch
    {
        CircuitAction.Submit => "projet soumis au circuit",
        CircuitAction.Approve => "visa donné",
        CircuitAction.SendBack => "projet renvoyé au rédacteur",
        CircuitAction.Amend => "projet modifié",
        _ => "décision signée",
    };

    private static void TextForm(StringBuilder body, CircuitView view, string action, string button, string reasonLabel, bool reasonRequired)
    {
        body.Append("<form method=\"post\" action=\"/api/").Append(Html.E(view.Paths.Action)).Append("\">")
            .Append("<label for=\"").Append(action).Append("-title\">Intitulé</label>")
            .Append("<input id=\"").Append(action).Append("-title\" name=\"title\" required maxlength=\"").Append(CircuitHandler.MaxTitleLength).Append("\" value=\"").Append(Html.E(view.Current.Title)).Append("\">")
            .Append("<label for=\"").Append(action).Append("-body\">Texte de la décision</label>")
            .Append("<textarea id=\"").Append(action).Append("-body\" name=\"body\" rows=\"14\" required maxlength=\"").Append(CircuitHandler.MaxBodyLength).Append("\">").Append(Html.E(view.Current.Body)).Append("</textarea>")
            .Append("<label for=\"").Append(action).Append("-reason\">").Append(Html.E(reasonLabel)).Append("</label>")
            .Append("<textarea id=\"").Append(action).Append("-reason\" name=\"comment\" rows=\"3\" maxlength=\"").Append(CircuitHandler.MaxCommentLength).Append('"').Append(reasonRequired ? " required" : string.Empty).Append("></textarea>")
            .Append("<button type=\"submit\" name=\"action\" value=\"").Append(action).Append("\">").Append(Html.E(button)).Append("</button></form>");
    }

    private static void SendBackForm(StringBuilder body, CircuitView view) =>
        body.Append("<form method=\"post\" action=\"/api/").Append(Html.E(view.Paths.Action)).Append("\">")
            .Append("<label for=\"sendback-comment\">Renvoyer au rédacteur : ce qu'il faut reprendre (obligatoire, visible des seuls agents et élus)</label>")
            .Append("<textarea id=\"sendback-comment\" name=\"comment\" rows=\"3\" required maxlength=\"").Append(CircuitHandler.MaxCommentLength).Append("\"></textarea>")
            .Append("<button type=\"submit\" class=\"changes\" name=\"action\" value=\"sendBack\">Renvoyer au rédacteur</button></form>");

    private static void SignForm(StringBuilder body, CircuitView view)
    {
        body.Append("<h2>Signer la décision</h2>");
        if (!view.CodeSent)
        {
            body.Append("<p>Pour signer, demandez un code à usage unique : il est envoyé à votre adresse électronique et confirme que c'est bien vous qui signez.</p>")
                .Append("<form method=\"post\" action=\"/api/").Append(Html.E(view.Paths.Code)).Append("\">")
                .Append("<button type=\"submit\">Recevoir le code de signature par courriel</button></form>");
            return;
        }

        body.Append("<form method=\"post\" action=\"/api/").Append(Html.E(view.Paths.Action)).Append("\">")
            .Append("<label for=\"code\">Code de signature reçu par courriel (6 chiffres)</label>")
            .Append("<input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\" required>")
            .Append("<label class=\"choice\"><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> J'ai lu la décision (version ").Append(view.Current.Number)
            .Append(") et je la signe en tant que ").Append(Html.E(view.Capacity)).Append(".</label>")
            .Append("<button type=\"submit\" name=\"action\" value=\"sign\">Signer la décision</button></form>")
            .Append("<form method=\"post\" action=\"/api/").Append(Html.E(view.Paths.Code)).Append("\"><button type=\"submit\" class=\"secondary\">Recevoir un nouveau code</button></form>");
    }
}
