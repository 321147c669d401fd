using System.Globalization;
using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Outbox;
using Serverless.Core.Submission;
using Serverless.Core.Workflow;
using Serverless.Platform.Email;
using Serverless.Platform.Localization;

namespace Serverless.Core.Review;

/// <summary>The links one reviewer receives for one request: one per action, one per attachment.</summary>
public sealed record ReviewLinks(string ApproveUrl, string RejectUrl, string RequestChangesUrl, IReadOnlyList<(string Name, string Url)> Attachments, DateTimeOffset ExpiresAt);

/// <summary>The e-mail that asks an agent to decide (agents work in French).</summary>
public static class ReviewerEmails
{
    /// <summary>Why this e-mail is sent: the first request, a reminder, an escalation, or a colleague's delegation.</summary>
    public sealed record Occasion(int ReminderNumber, EscalationLevel? Escalation, string? DelegatedBy);

    public static EmailMessage ReviewRequest(LoadedApplication application, string reviewer, ReviewLinks links, Occasion occasion)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(occasion);
        const Language language = Language.French;
        var french = CultureInfo.GetCultureInfo("fr-FR");
        var summary = ApplicationSummary.Lines(application.Procedure, application.Values, language).Select(line => (line.Label, line.Value)).ToList();
        var (prefix, opening) = occasion switch
        {
            { DelegatedBy: { } colleague } => ("[Transmise]", $"{colleague} vous confie l'instruction de cette demande."),
            { Escalation: EscalationLevel.DeadlinePassed } => ("[Délai dépassé]", "Le délai légal de décision est écoulé et le silence ne vaut pas décision pour cette démarche : une décision explicite est nécessaire."),
            { Escalation: not null } => ("[Signalement]", "Cette demande attend une décision depuis trop longtemps : elle vous est signalée pour que vous puissiez décider ou relancer l'agent."),
            { ReminderNumber: > 0 } => ($"[Relance {occasion.ReminderNumber}]", $"Relance n° {occasion.ReminderNumber} : cette demande attend toujours votre décision."),
            _ => ("[À instruire]", "Une nouvelle demande attend votre décision."),
        };
        var dueAt = application.Record.DecisionDueAt is { } due && !application.Record.DeadlineSuspended
            ? DeadlineText.Format(due, language)
            : DeadlineText.Format(application.DecisionDueAt, language);
        var layout = new EmailLayout()
            .Paragraph(opening)
            .Strong($"{application.Procedure.Title.Fr} – référence {application.Reference}")
            .Table([.. summary, ("Déposée le", ApplicationSummary.DateTime(application.Record.SubmittedAt, language)), ("Décision attendue avant le", dueAt)]);
        foreach (var (name, url) in links.Attachments)
        {
            layout.Link(string.Create(french, $"Pièce jointe : {name}"), url);
        }

        return layout
            .Button("Accepter la demande", links.ApproveUrl, "#18753c")
            .Button("Demander des compléments", links.RequestChangesUrl, "#b34000")
            .Button("Refuser la demande", links.RejectUrl, "#c9191e")
            .Paragraph($"Chaque lien ouvre une page de confirmation : rien n'est décidé avant que vous ne confirmiez. Vous pouvez aussi y confier la demande à un collègue. Liens personnels, valables jusqu'au {ApplicationSummary.DateTime(links.ExpiresAt, language)} ; la première décision prise par l'un des agents destinataires s'applique.")
            .Build(reviewer, $"{prefix} {application.Procedure.Title.Fr} – {application.Reference}", application.Commune);
    }
}
