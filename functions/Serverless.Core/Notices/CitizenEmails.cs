using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Outbox;
using Serverless.Core.Submission;
using Serverless.Core.Workflow;
using Serverless.Platform.Email;
using Serverless.Platform.Localization;

namespace Serverless.Core.Notices;

/// <summary>The e-mails a citizen receives, in the language they used to apply.</summary>
public static class CitizenEmails
{
    public static EmailMessage Acknowledgement(LoadedApplication application, string statusUrl)
    {
        ArgumentNullException.ThrowIfNull(application);
        var language = application.Language;
        var title = application.Procedure.Title.In(language);
        var received = ApplicationSummary.DateTime(application.Record.SubmittedAt, language);
        return new EmailLayout()
            .Paragraph(new Text("Bonjour,", "Hello,").In(language))
            .Paragraph(new Text(
                "Votre demande « {0} » a bien été reçue le {1}.",
                "Your application \"{0}\" was received on {1}.").Format(language, title, received))
            .Strong(new Text("Référence : {0}", "Reference: {0}").Format(language, application.Reference))
            .Button(new Text("Suivre ma demande", "Follow my application").In(language), statusUrl)
            .Paragraph(new Text(
                "Décision attendue au plus tard le {0}.",
                "A decision is due by {0}.").Format(language, DeadlineText.Format(application.DecisionDueAt, language)))
            .Paragraph(application.Procedure.Legal.ReceiptMentions.In(language))
            .Paragraph(new Text(
                "Le présent courriel vaut accusé de réception (articles L. 112-3 et R. 112-5 du code des relations entre le public et l'administration). Conservez-le : le lien ci-dessus est personnel.",
                "This e-mail is your acknowledgement of receipt. Keep it: the link above is personal.").In(language))
            .Build(application.Record.CitizenEmail, new Text("Accusé de réception – {0} – {1}", "Acknowledgement of receipt – {0} – {1}").Format(language, title, application.Reference), application.Commune, language);
    }

    public static EmailMessage Approved(LoadedApplication application, string certificateUrl, string verifyUrl, string comment, EmailAttachment certificate, bool implicitly = false)
    {
        ArgumentNullException.ThrowIfNull(application);
        var language = application.Language;
        var layout = new EmailLayout()
            .Paragraph(new Text("Bonjour,", "Hello,").In(language))
            .Paragraph((implicitly
                ? new Text(
                    "Faute de décision dans le délai de {2}, votre demande « {0} » (référence {1}) est acceptée implicitement (silence vaut acceptation, article L. 231-1 du code des relations entre le public et l'administration).",
                    "No decision was taken within {2}: your application \"{0}\" (reference {1}) is implicitly approved (silence means acceptance).")
                : new Text(
                    "Votre demande « {0} » (référence {1}) a été acceptée.",
                    "Your application \"{0}\" (reference {1}) has been approved.")).Format(language, application.Procedure.Title.In(language), application.Reference, application.Procedure.Legal.DecisionDeadline.Describe(language)));
        if (!string.IsNullOrWhiteSpace(comment))
        {
            layout.Paragraph(new Text("Message de l'agent : {0}", "Message from the agent: {0}").Format(language, comment));
        }

        var message = layout
            .Paragraph(new Text("Votre attestation est jointe à ce courriel. Vous pouvez aussi la télécharger :", "Your certificate is attached. You can also download it:").In(language))
            .Button(new Text("Télécharger l'attestation", "Download the certificate").In(language), certificateUrl)
            .Paragraph(new Text("Toute personne peut vérifier son authenticité : {0}", "Anyone can check that it is genuine: {0}").Format(language, verifyUrl))
            .Build(application.Record.CitizenEmail, new Text("Demande acceptée – {0}", "Application approved – {0}").Format(language, application.Reference), application.Commune, language);
        return message with { Attachments = [certificate] };
    }

    public static EmailMessage Rejected(LoadedApplication application, string reason, string statusUrl)
    {
        ArgumentNullException.ThrowIfNull(application);
        var language = application.Language;
        return new EmailLayout()
            .Paragraph(new Text("Bonjour,", "Hello,").In(language))
            .Paragraph(new Text(
                "Votre demande « {0} » (référence {1}) n'a pas pu être acceptée.",
                "Your application \"{0}\" (reference {1}) could not be approved.").Format(language, application.Procedure.Title.In(language), application.Reference))
            .Strong(new Text("Motif : {0}", "Reason: {0}").Format(language, reason))
            .Button(new Text("Voir ma demande", "View my application").In(language), statusUrl)
            .Paragraph(new Text(
                "Vous pouvez contester cette décision par un recours gracieux auprès du maire ou un recours contentieux devant le tribunal administratif dans un délai de deux mois.",
                "You may contest this decision with the mayor or before the administrative court within two months.").In(language))
            .Build(application.Record.CitizenEmail, new Text("Demande refusée – {0}", "Application rejected – {0}").Format(language, application.Reference), application.Commune, language);
    }

    public static EmailMessage ChangesRequested(LoadedApplication application, string message, IReadOnlyList<string> fields, string correctionUrl, DateTimeOffset answerDueAt)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(fields);
        var language = application.Language;
        var named = fields.Select(application.Procedure.Field).Where(field => field is not null).Select(field => field!.Label.In(language)).ToList();
        var layout = new EmailLayout()
            .Paragraph(new Text("Bonjour,", "Hello,").In(language))
            .Paragraph(new Text(
                "Pour instruire votre demande « {0} » (référence {1}), le service a besoin de compléments :",
                "To process your application \"{0}\" (reference {1}), the office needs more from you:").Format(language, application.Procedure.Title.In(language), application.Reference))
            .Strong(message);
        if (named.Count > 0)
        {
            layout.Paragraph(new Text("À corriger : {0}.", "To correct: {0}.").Format(language, string.Join(", ", named)));
        }

        return layout
            .Button(new Text("Compléter ma demande", "Complete my application").In(language), correctionUrl)
            .Paragraph(new Text(
                "Répondez au plus tard le {0} : sans réponse, la demande sera classée sans suite. Le délai de décision est suspendu jusqu'à votre réponse.",
                "Please answer by {0}: without an answer the application will be closed. The decision deadline is suspended until you answer.").Format(language, DeadlineText.Format(answerDueAt, language)))
            .Build(application.Record.CitizenEmail, new Text("Compléments demandés – {0}", "Changes requested – {0}").Format(language, application.Reference), application.Commune, language);
    }

    /// <summary>Endings without a certificate: implicit rejection, withdrawal, abandonment.</summary>
    public static EmailMessage Closed(LoadedApplication application, CitizenOutcome outcome, string statusUrl)
    {
        ArgumentNullException.ThrowIfNull(application);
        var language = application.Language;
        var title = application.Procedure.Title.In(language);
        var (subject, body) = outcome switch
        {
            CitizenOutcome.ImplicitlyRejected => (
                new Text("Demande rejetée implicitement – {0}", "Application implicitly rejected – {0}"),
                new Text(
                    "Faute de décision dans le délai de {2}, votre demande « {0} » (référence {1}) est rejetée implicitement (silence vaut rejet). Vous pouvez demander la communication des motifs dans les deux mois (article L. 232-4 du code des relations entre le public et l'administration).",
                    "No decision was taken within {2}: your application \"{0}\" (reference {1}) is implicitly rejected. You may ask for the reasons within two months.")),
            CitizenOutcome.Withdrawn => (
                new Text("Demande retirée – {0}", "Application withdrawn – {0}"),
                new Text("Nous confirmons le retrait de votre demande « {0} » (référence {1}). Elle ne sera pas instruite.", "We confirm that your application \"{0}\" (reference {1}) is withdrawn. It will not be processed.")),
            _ => (
                new Text("Demande classée sans suite – {0}", "Application closed – {0}"),
                new Text("Faute de réponse à la demande de compléments, votre demande « {0} » (référence {1}) est classée sans suite. Vous pouvez déposer une nouvelle demande.", "Without an answer to the request for changes, your application \"{0}\" (reference {1}) is closed. You may file a new one.")),
        };
        return new EmailLayout()
            .Paragraph(new Text("Bonjour,", "Hello,").In(language))
            .Paragraph(body.Format(language, title, application.Reference, application.Procedure.Legal.DecisionDeadline.Describe(language)))
            .Button(new Text("Voir ma demande", "View my application").In(language), statusUrl)
            .Build(application.Record.CitizenEmail, subject.Format(language, application.Reference), application.Commune, language);
    }
}
