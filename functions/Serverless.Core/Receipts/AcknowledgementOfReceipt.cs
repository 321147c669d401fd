using System.Globalization;
using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;

namespace Serverless.Core.Receipts;

/// <summary>One block of the acknowledgement: a heading and its lines (label, value), or paragraphs when label is empty.</summary>
public sealed record ReceiptSection(string Heading, IReadOnlyList<(string Label, string Value)> Lines);

/// <summary>
/// The acknowledgement of receipt of an application (accusé de réception), put into words once for the printable
/// page and the PDF. Its mentions follow articles L. 112-3 and R. 112-5 of the code des relations entre le public et
/// l'administration: the date of receipt, the service in charge (name, postal and e-mail address, phone), the date by
/// which, without an express decision, the application is deemed accepted or rejected (the procedure's
/// <c>legal.silenceMeans</c> and the workflow's deadline), and the means and time limits of appeal.
/// </summary>
public static class AcknowledgementOfReceipt
{
    public static readonly Text Title = new("Accusé de réception", "Acknowledgement of receipt");

    public static IReadOnlyList<ReceiptSection> Compose(LoadedApplication application, Language language)
    {
        ArgumentNullException.ThrowIfNull(application);
        var procedure = application.Procedure;
        var commune = application.Commune;
        // The last minute the citizen can rely on (« … à 23 h 59 »), from the same calculator as the workflow.
        var due = DeadlineText.Format(application.DecisionDueAt, language);
        var service = new List<(string, string)>
        {
            (new Text("Service", "Office").In(language), commune.Name),
            (new Text("Adresse postale", "Postal address").In(language), commune.Address),
            (new Text("Courriel", "E-mail").In(language), commune.ContactEmail),
        };
        if (commune.Phone is { } phone)
        {
            service.Add((new Text("Téléphone", "Phone").In(language), phone));
        }

        var silence = procedure.Legal.SilenceMeans switch
        {
            SilenceMeans.Acceptance => new Text(
                "Si aucune décision ne vous est notifiée au plus tard le {0}, votre demande sera réputée acceptée (décision implicite d'acceptation, article L. 231-1 du code des relations entre le public et l'administration). Vous pourrez alors demander une attestation de cette décision (article L. 232-3).",
                "If no decision has been notified to you by {0}, your application will be deemed accepted (implicit acceptance, article L. 231-1 of the code des relations entre le public et l'administration). You may then ask for a certificate of that decision (article L. 232-3).").Format(language, due),
            SilenceMeans.Rejection => new Text(
                "Si aucune décision ne vous est notifiée au plus tard le {0}, votre demande sera réputée rejetée (décision implicite de rejet, article L. 231-4 du code des relations entre le public et l'administration).",
                "If no decision has been notified to you by {0}, your application will be deemed rejected (implicit rejection, article L. 231-4 of the code des relations entre le public et l'administration).").Format(language, due),
            _ => new Text(
                "Une décision expresse vous sera notifiée ; elle est attendue au plus tard le {0}.",
                "An express decision will be notified to you; it is expected by {0}.").Format(language, due),
        };
        var appeal = new Text(
            "Une décision de rejet, expresse ou implicite, peut être contestée dans un délai de deux mois à compter de sa notification ou de la date à laquelle elle est née : par un recours gracieux auprès du maire ({0}), ou par un recours contentieux devant le tribunal administratif territorialement compétent, y compris par l'application Télérecours citoyens (www.telerecours.fr) (articles L. 411-2 du code des relations entre le public et l'administration et R. 421-1 du code de justice administrative).",
            "A rejection, express or implicit, may be contested within two months of its notification or of the date it arose: by an informal appeal to the mayor ({0}), or before the competent administrative court, including through the Télérecours citoyens application (www.telerecours.fr) (articles L. 411-2 of the code des relations entre le public et l'administration and R. 421-1 of the code de justice administrative).").Format(language, commune.Name);
        var submitted = ApplicationSummary.Lines(procedure, application.Values, language).Select(line => (line.Label, line.Value)).ToList();
        foreach (var attachment in application.Record.Attachments)
        {
            var label = procedure.Field(attachment.FieldName)?.Label.In(language) ?? attachment.FieldName;
            submitted.Add((label, $"{attachment.OriginalName} ({Size(attachment.Size, language)})"));
        }

        return
        [
            new(new Text("Votre demande", "Your application").In(language),
            [
                (new Text("Démarche", "Procedure").In(language), procedure.Title.In(language)),
                (new Text("Référence", "Reference").In(language), application.Reference),
                (new Text("Reçue le", "Received on").In(language), ApplicationSummary.DateTime(application.Record.SubmittedAt, language)),
                (new Text("Décision attendue au plus tard le", "Decision due by").In(language), due),
            ]),
            new(new Text("Service chargé de la demande", "Office in charge of the application").In(language), service),
            new(new Text("En l'absence de décision", "Without a decision").In(language), [(string.Empty, silence), (string.Empty, procedure.Legal.ReceiptMentions.In(language))]),
            new(new Text("Voies et délais de recours", "Means of appeal").In(language), [(string.Empty, appeal)]),
            new(new Text("Ce que vous avez envoyé", "What you sent").In(language), submitted),
            new(string.Empty, [(string.Empty, new Text(
                "Accusé de réception délivré en application des articles L. 112-3 et R. 112-5 du code des relations entre le public et l'administration.",
                "Acknowledgement of receipt issued under articles L. 112-3 and R. 112-5 of the code des relations entre le public et l'administration.").In(language))]),
        ];
    }

    /// <summary>"245 Ko", "1,2 Mo": what a person recognises of a file they sent.</summary>
    public static string Size(long bytes, Language language)
    {
        var culture = CultureInfo.GetCultureInfo(language == Language.French ? "fr-FR" : "en-GB");
        return bytes >= 1024 * 1024
            ? string.Format(culture, language == Language.French ? "{0:0.#} Mo" : "{0:0.#} MB", bytes / (1024.0 * 1024.0))
            : string.Format(culture, language == Language.French ? "{0:0} Ko" : "{0:0} KB", Math.Max(1, bytes / 1024.0));
    }
}
