using System.Globalization;
using Serverless.Core.Localization;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;

namespace Serverless.Core.Notifications;

/// <summary>The links one reviewer receives for one request.</summary>
public sealed record ReviewLinks(string ApproveUrl, string RejectUrl, DateTimeOffset ExpiresAt);

/// <summary>The e-mail that asks an agent to decide (agents work in French).</summary>
public static class ReviewerEmails
{
    public static EmailMessage ReviewRequest(LoadedApplication application, string reviewer, ReviewLinks links, int reminderNumber)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(links);
        const Language language = Language.French;
        var summary = ApplicationSummary.Lines(application.Procedure, application.Values, language).Select(line => (line.Label, line.Value)).ToList();
        var attachments = application.Record.Attachments
            .Select(file => ("Pièce jointe", string.Create(CultureInfo.GetCultureInfo("fr-FR"), $"{file.OriginalName} ({file.ContentType}, {file.Size / 1024.0:0.#} Ko)")));
        var subjectPrefix = reminderNumber == 0 ? "[À instruire]" : $"[Relance {reminderNumber}]";
        return new EmailLayout()
            .Paragraph(reminderNumber == 0
                ? "Une nouvelle demande attend votre décision."
                : $"Relance n° {reminderNumber} : cette demande attend toujours votre décision.")
            .Strong($"{application.Procedure.Title.Fr} – référence {application.Reference}")
            .Table([.. summary, .. attachments, ("Déposée le", ApplicationSummary.DateTime(application.Record.SubmittedAt, language)), ("Décision attendue avant le", ApplicationSummary.LongDate(application.DecisionDueAt, language))])
            .Button("Accepter la demande", links.ApproveUrl, "#18753c")
            .Button("Refuser la demande", links.RejectUrl, "#c9191e")
            .Paragraph($"Chaque lien ouvre une page de confirmation : rien n'est décidé avant que vous ne confirmiez. Liens personnels, valables jusqu'au {ApplicationSummary.DateTime(links.ExpiresAt, language)}, utilisables une seule fois.")
            .Build(reviewer, $"{subjectPrefix} {application.Procedure.Title.Fr} – {application.Reference}", application.Commune);
    }
}
