using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Submission;
using Serverless.Platform.Email;
using Serverless.Platform.Localization;

namespace Serverless.Core.Certificates;

/// <summary>E-mails about a certificate after its issue: the agents' revocation link, and the holder's revocation notice.</summary>
public static class CertificateEmails
{
    /// <summary>To each reviewer when a certificate is issued (agents work in French): verify it, or revoke it.</summary>
    public static EmailMessage IssuedToReviewer(LoadedApplication application, string reviewer, string number, string verifyUrl, string revokeUrl, DateTimeOffset linkExpiresAt)
    {
        ArgumentNullException.ThrowIfNull(application);
        const Language language = Language.French;
        return new EmailLayout()
            .Paragraph($"L'attestation n° {number} a été délivrée pour la demande {application.Reference} et envoyée au demandeur.")
            .Table([
                ("Démarche", application.Procedure.Title.Fr),
                ("Titulaire", ApplicationSummary.HolderName(application.Procedure, application.Values)),
                ("Attestation", number),
            ])
            .Button("Vérifier l'attestation", verifyUrl)
            .Paragraph("Si cette attestation a été délivrée à tort, ou si la situation a changé, vous pouvez la révoquer : la page de vérification l'indiquera et le titulaire en sera informé par courriel.")
            .Button("Révoquer l'attestation", revokeUrl, "#c9191e")
            .Paragraph($"Le lien de révocation ouvre une page de confirmation où le motif est demandé : rien n'est révoqué avant que vous ne confirmiez. Lien personnel, valable jusqu'au {ApplicationSummary.DateTime(linkExpiresAt, language)}, utilisable une seule fois.")
            .Build(reviewer, $"[Attestation délivrée] {application.Procedure.Title.Fr} – {application.Reference} – {number}", application.Commune);
    }

    /// <summary>To the holder, in the language they applied in: the certificate is no longer valid, and why.</summary>
    public static EmailMessage RevokedToCitizen(LoadedApplication application, string number, string reason, DateTimeOffset revokedAt, string verifyUrl)
    {
        ArgumentNullException.ThrowIfNull(application);
        var language = application.Language;
        return new EmailLayout()
            .Paragraph(new Text("Bonjour,", "Hello,").In(language))
            .Paragraph(new Text(
                "Votre attestation n° {0} (demande « {1} », référence {2}) a été révoquée le {3}. Elle n'est plus valable.",
                "Your certificate no. {0} (application \"{1}\", reference {2}) was revoked on {3}. It is no longer valid.").Format(language, number, application.Procedure.Title.In(language), application.Reference, ApplicationSummary.DateTime(revokedAt, language)))
            .Strong(new Text("Motif : {0}", "Reason: {0}").Format(language, reason))
            .Paragraph(new Text(
                "Toute personne qui vérifie cette attestation voit désormais qu'elle est révoquée :",
                "Anyone checking this certificate now sees that it is revoked:").In(language))
            .Button(new Text("Voir la vérification", "See the verification").In(language), verifyUrl)
            .Paragraph(new Text(
                "Pour toute question, ou pour contester cette décision, adressez-vous à la mairie ; un recours devant le tribunal administratif est possible dans un délai de deux mois.",
                "If you have any question, or wish to contest this decision, contact the town hall; an appeal before the administrative court is possible within two months.").In(language))
            .Build(application.Record.CitizenEmail, new Text("Attestation révoquée – {0}", "Certificate revoked – {0}").Format(language, number), application.Commune, language);
    }
}
