using Serverless.Core.Outbox;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Email;
using Serverless.Platform.Localization;

namespace Serverless.Core.Drafts;

/// <summary>The e-mails about a draft: its resume link, and the reminder before it is deleted.</summary>
public static class DraftEmails
{
    public static EmailMessage ResumeLink(ProcedureDefinition procedure, CommuneDefinition commune, Language language, string to, string resumeUrl, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var title = procedure.Title.In(language);
        return new EmailLayout()
            .Paragraph(new Text("Bonjour,", "Hello,").In(language))
            .Paragraph(new Text(
                "Votre demande « {0} » est enregistrée en brouillon. Vous pouvez la reprendre depuis n'importe quel appareil avec ce lien personnel :",
                "Your application \"{0}\" is saved as a draft. You can resume it from any device with this personal link:").Format(language, title))
            .Button(new Text("Reprendre ma demande", "Resume my application").In(language), resumeUrl)
            .Strong(new Text(
                "Ce brouillon sera supprimé le {0} s'il n'est pas envoyé d'ici là. Un rappel vous sera adressé 7 jours avant.",
                "This draft will be deleted on {0} unless it is sent by then. A reminder will be sent 7 days before.").Format(language, ApplicationSummary.DateTime(expiresAt, language)))
            .Paragraph(new Text(
                "Un brouillon n'est pas une demande : le service ne le voit pas tant que vous ne l'avez pas envoyé. Ne transférez pas ce courriel : le lien donne accès à vos réponses.",
                "A draft is not an application: the office does not see it until you send it. Do not forward this e-mail: the link gives access to your answers.").In(language))
            .Build(to, new Text("Brouillon enregistré – {0}", "Draft saved – {0}").Format(language, title), commune, language);
    }

    public static EmailMessage Reminder(ProcedureDefinition procedure, CommuneDefinition commune, Language language, string to, string resumeUrl, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        var title = procedure.Title.In(language);
        return new EmailLayout()
            .Paragraph(new Text("Bonjour,", "Hello,").In(language))
            .Paragraph(new Text(
                "Votre brouillon de demande « {0} » n'a pas été envoyé. Il sera supprimé le {1}.",
                "Your draft application \"{0}\" has not been sent. It will be deleted on {1}.").Format(language, title, ApplicationSummary.DateTime(expiresAt, language)))
            .Button(new Text("Reprendre ma demande", "Resume my application").In(language), resumeUrl)
            .Build(to, new Text("Rappel : brouillon supprimé le {0} – {1}", "Reminder: draft deleted on {0} – {1}").Format(language, ApplicationSummary.LongDate(expiresAt, language), title), commune, language);
    }
}
