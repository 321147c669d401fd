using System.Globalization;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Submission;
using Serverless.Platform.Email;
using Serverless.Platform.Localization;

namespace Serverless.Core.Payments;

/// <summary>The citizen's payment e-mails, in their language: the amount due with its link, the receipt, and the closing of an unpaid application.</summary>
public static class PaymentEmails
{
    public static EmailMessage Due(LoadedApplication application, PaymentDue due, string payUrl)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(due);
        var language = application.Language;
        var what = due.Moment == Procedures.PaymentMoment.BeforeReview
            ? new Text("Votre demande sera transmise au service instructeur dès le paiement reçu.", "Your application goes to the reviewing service as soon as the payment is received.")
            : new Text("Votre demande est acceptée : votre attestation vous sera envoyée dès le paiement reçu.", "Your application is approved: your certificate is sent as soon as the payment is received.");
        return new EmailLayout()
            .Paragraph(what.In(language))
            .Strong($"{application.Procedure.Title.In(language)} – {application.Reference}")
            .Table([
                (new Text("Montant à payer", "Amount due").In(language), Euros(due.AmountInCents, language)),
                (new Text("À payer avant le", "To pay before").In(language), ApplicationSummary.DateTime(due.DueAt, language)),
            ])
            .Button(new Text("Payer en ligne", "Pay online").In(language), payUrl)
            .Paragraph(new Text("Le paiement se fait par carte bancaire ou par prélèvement unique sur PayFiP, le service de paiement de la Direction générale des Finances publiques. Sans paiement à cette date, la demande sera classée sans suite.", "Payment is by card or single direct debit on PayFiP, the French public finance directorate's payment service. Without payment by that date, the application will be closed.").In(language))
            .Build(application.Record.CitizenEmail, $"{new Text("Paiement à effectuer", "Payment due").In(language)} – {application.Reference}", application.Commune, language);
    }

    public static EmailMessage Received(LoadedApplication application, PaymentDue due, PaymentAttempt paid, byte[] receipt)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(paid);
        var language = application.Language;
        var message = new EmailLayout()
            .Paragraph(new Text("Nous avons bien reçu votre paiement. Le reçu est joint à ce courriel.", "We have received your payment. The receipt is attached to this e-mail.").In(language))
            .Strong($"{application.Procedure.Title.In(language)} – {application.Reference}")
            .Table([
                (new Text("Montant payé", "Amount paid").In(language), Euros(due.AmountInCents, language)),
                (new Text("Référence de la dette", "Debt reference").In(language), due.DebtReference),
                (new Text("Numéro d'autorisation", "Authorisation number").In(language), paid.TransactionNumber ?? "—"),
            ])
            .Build(application.Record.CitizenEmail, $"{new Text("Paiement reçu", "Payment received").In(language)} – {application.Reference}", application.Commune, language);
        return message with { Attachments = [new EmailAttachment($"recu-paiement-{application.Reference}.pdf", "application/pdf", receipt)] };
    }

    public static EmailMessage Abandoned(LoadedApplication application, PaymentDue due)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(due);
        var language = application.Language;
        return new EmailLayout()
            .Paragraph(new Text("Le montant dû n'a pas été payé avant la date limite : votre demande est classée sans suite. Vous pouvez déposer une nouvelle demande.", "The amount due was not paid by the deadline: your application is closed. You may file a new one.").In(language))
            .Strong($"{application.Procedure.Title.In(language)} – {application.Reference}")
            .Table([
                (new Text("Montant dû", "Amount due").In(language), Euros(due.AmountInCents, language)),
                (new Text("Date limite", "Deadline").In(language), ApplicationSummary.DateTime(due.DueAt, language)),
            ])
            .Build(application.Record.CitizenEmail, $"{new Text("Demande classée faute de paiement", "Application closed: not paid").In(language)} – {application.Reference}", application.Commune, language);
    }

    /// <summary>"15,00 €" in French, "€15.00" in English.</summary>
    public static string Euros(long cents, Language language) =>
        language == Language.French
            ? (cents / 100m).ToString("#,##0.00", CultureInfo.GetCultureInfo("fr-FR")) + " €"
            : "€" + (cents / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);
}
