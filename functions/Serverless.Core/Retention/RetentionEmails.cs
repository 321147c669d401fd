using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Submission;
using Serverless.Platform.Email;
using Serverless.Platform.Localization;

namespace Serverless.Core.Retention;

/// <summary>The e-mails of retention: the citizen's warning (French, then English) and the agents' erasure request (French).</summary>
public static class RetentionEmails
{
    public static EmailMessage Warning(LoadedApplication application, DateTimeOffset eraseAt, string statusUrl, string archiveUrl)
    {
        ArgumentNullException.ThrowIfNull(application);
        var layout = new EmailLayout();
        foreach (var language in new[] { Language.French, Language.English })
        {
            var date = ApplicationSummary.LongDate(eraseAt, language);
            layout
                .Paragraph(new Text("Bonjour,", "Hello,").In(language))
                .Paragraph(new Text(
                    "Votre demande « {0} » (référence {1}) est close. Sa durée de conservation s'achève : les données personnelles qu'elle contient (informations saisies, pièces jointes, attestation) seront effacées le {2}.",
                    "Your application \"{0}\" (reference {1}) is closed. Its retention period is ending: the personal data it holds (what you entered, attachments, certificate) will be deleted on {2}.").Format(language, application.Procedure.Title.In(language), application.Reference, date))
                .Paragraph(new Text(
                    "Si vous souhaitez les garder, téléchargez-les avant cette date. Une attestation délivrée reste vérifiable par son numéro et son empreinte ; seul un historique sans données personnelles est conservé.",
                    "If you want to keep them, download them before that date. An issued certificate stays verifiable by its number and fingerprint; only a history without personal data is kept.").In(language))
                .Button(new Text("Télécharger mes données", "Download my data").In(language), archiveUrl)
                .Link(new Text("Voir ma demande", "View my application").In(language), statusUrl);
        }

        return layout.Build(
            application.Record.CitizenEmail,
            $"Effacement de vos données le {ApplicationSummary.LongDate(eraseAt, Language.French)} / Your data will be deleted – {application.Reference}",
            application.Commune);
    }

    public static EmailMessage ErasureRequest(LoadedApplication application, string reviewer, DateTimeOffset requestedAt, string confirmUrl, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(application);
        const Language language = Language.French;
        return new EmailLayout()
            .Paragraph($"Le demandeur a demandé le {ApplicationSummary.DateTime(requestedAt, language)} l'effacement des données personnelles de sa demande close (article 17 du RGPD).")
            .Strong($"{application.Procedure.Title.Fr} – référence {application.Reference} – état : {application.Record.StatusValue.Label().Fr}")
            .Paragraph("Si aucune obligation légale n'impose de les conserver, confirmez l'effacement : les informations saisies, les pièces jointes et le PDF de l'attestation seront supprimés ; l'attestation restera vérifiable par son empreinte et l'historique sera gardé sans données personnelles.")
            .Button("Confirmer l'effacement", confirmUrl, "#c9191e")
            .Paragraph($"Le lien ouvre une page de confirmation : rien n'est effacé avant que vous ne confirmiez. Lien personnel, valable jusqu'au {ApplicationSummary.DateTime(expiresAt, language)}.")
            .Build(reviewer, $"[Effacement demandé] {application.Procedure.Title.Fr} – {application.Reference}", application.Commune);
    }
}
