using System.Text;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Payments.PayFip;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;

namespace Serverless.Core.Payments;

/// <summary>A message at the top of the payment page, with its kind (ok, notice, error).</summary>
public sealed record PaymentNotice(Text Message, string Kind);

/// <summary>
/// The payment page: what is owed (the amount the server computed, the object, the régie, the deadline and the
/// procedure's mentions), the attempts so far, and the button to PayFiP; or the payment received and its receipt.
/// French first, mobile first: one column, the button full width on a phone.
/// </summary>
public static class PaymentPages
{
    public static readonly PaymentNotice NothingDue = new(new("Aucun paiement n'est dû pour cette demande pour le moment.", "No payment is due for this application for now."), "notice");
    public static readonly PaymentNotice AlreadyPaid = new(new("Cette demande est déjà payée : aucun nouveau paiement n'a été lancé.", "This application is paid already: no new payment was started."), "notice");
    public static readonly PaymentNotice NotPayableNow = new(new("Cette demande n'attend pas de paiement : aucun paiement n'a été lancé.", "This application is not waiting for a payment: no payment was started."), "error");
    public static readonly PaymentNotice PastDeadline = new(new("La date limite de paiement est passée : aucun paiement n'a été lancé.", "The payment deadline has passed: no payment was started."), "error");
    public static readonly PaymentNotice TooManyAttempts = new(new("Trop de tentatives de paiement pour cette demande : contactez la mairie.", "Too many payment attempts for this application: contact the town hall."), "error");
    public static readonly PaymentNotice Unavailable = new(new("Le service de paiement PayFiP ne répond pas pour le moment : rien n'a été débité. Réessayez dans quelques minutes.", "The PayFiP payment service does not answer for now: nothing was charged. Try again in a few minutes."), "error");
    public static readonly PaymentNotice CannotPrepare = new(new("Le paiement en ligne ne peut pas être préparé pour cette demande : PayFiP n'accepte pas l'un de ses éléments (par exemple une adresse électronique de plus de 80 caractères). Rien n'a été débité : contactez la mairie pour payer autrement.", "Online payment cannot be prepared for this application: PayFiP does not accept one of its details (for instance an e-mail address longer than 80 characters). Nothing was charged: contact the town hall to pay another way."), "error");
    public static readonly PaymentNotice Received = new(new("Paiement reçu : merci. Le reçu vous est aussi envoyé par courriel.", "Payment received: thank you. The receipt is also sent to you by e-mail."), "ok");
    public static readonly PaymentNotice Refused = new(new("Le paiement a été refusé par votre banque : rien n'a été débité. Vous pouvez réessayer.", "Your bank refused the payment: nothing was charged. You may try again."), "error");
    public static readonly PaymentNotice Abandoned = new(new("Vous avez abandonné le paiement : rien n'a été débité. Vous pouvez le reprendre.", "You left the payment: nothing was charged. You may start again."), "notice");
    public static readonly PaymentNotice ToRefund = new(new("Ce paiement a été reçu alors que la demande était déjà payée ou close : la régie vous le remboursera.", "This payment was received when the application was already paid or closed: the régie will refund it."), "notice");
    public static readonly PaymentNotice BeingConfirmed = new(new("Votre paiement est en cours de confirmation par PayFiP : vous recevrez un courriel dès qu'il est confirmé. Ne payez pas une seconde fois.", "PayFiP is confirming your payment: you will get an e-mail once it is confirmed. Do not pay a second time."), "notice");

    public static string Render(LoadedApplication application, PaymentState state, Language language, PaymentNotice? notice, string accessCode)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(state);
        var procedure = application.Procedure;
        var body = new StringBuilder();
        if (notice is not null)
        {
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p class=\"{notice.Kind}\" role=\"status\">{Html.E(notice.Message.In(language))}</p>");
        }

        body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p>{Html.E(procedure.Title.In(language))} – {Html.E(new Text("référence", "reference").In(language))} <strong>{Html.E(application.Reference)}</strong></p>");
        if (state.Due is not { } due)
        {
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p>{Html.E(NothingDue.Message.In(language))}</p>");
        }
        else if (state is { Paid: true, Settling: { } paid })
        {
            body.Append(Html.Table([
                (new Text("Montant payé", "Amount paid").In(language), PaymentEmails.Euros(due.AmountInCents, language)),
                (new Text("Payé le", "Paid on").In(language), ApplicationSummary.DateTime(paid.TransactionTime ?? paid.CreatedAt, language)),
                (new Text("Numéro d'autorisation", "Authorisation number").In(language), paid.TransactionNumber ?? "—"),
                (new Text("Référence de la dette", "Debt reference").In(language), due.DebtReference),
            ]));
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p><a href=\"/api/{Html.E(Routes.PaymentReceiptPath(procedure.Id, application.Reference, accessCode))}\">{Html.E(new Text("Télécharger le reçu de paiement (PDF)", "Download the payment receipt (PDF)").In(language))}</a></p>");
        }
        else
        {
            var regie = application.Commune.Regie(due.RegieId);
            body.Append(Html.Table([
                (new Text("Montant à payer", "Amount due").In(language), PaymentEmails.Euros(due.AmountInCents, language)),
                (new Text("Objet", "Object").In(language), due.Label),
                (new Text("Encaissé par", "Collected by").In(language), regie?.Name ?? due.ClientNumber),
                (new Text("À payer avant le", "To pay before").In(language), ApplicationSummary.DateTime(due.DueAt, language)),
            ]));
            if (procedure.Payment is { } payment)
            {
                body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p class=\"help\">{Html.E(payment.Mentions.In(language))}</p>");
            }

            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/api/{Html.E(Routes.PaymentPath(procedure.Id, application.Reference, accessCode))}\"><button type=\"submit\">{Html.E(new Text("Payer {0} sur PayFiP", "Pay {0} on PayFiP").Format(language, PaymentEmails.Euros(due.AmountInCents, language)))}</button></form>");
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p class=\"help\">{Html.E(new Text("Vous serez redirigé vers PayFiP, le service de paiement sécurisé de la Direction générale des Finances publiques, puis ramené ici.", "You will be taken to PayFiP, the French public finance directorate's secure payment service, then brought back here.").In(language))}</p>");
        }

        if (state.Attempts.Any(attempt => attempt.Refund))
        {
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p class=\"notice\">{Html.E(new Text("Un paiement reçu pour cette demande alors qu'elle était déjà payée ou close vous sera remboursé par la régie.", "A payment received for this application when it was already paid or closed will be refunded by the régie.").In(language))}</p>");
        }

        var past = state.Attempts.Where(attempt => attempt.Outcome is PaymentOutcome.Refused or PaymentOutcome.Abandoned).ToList();
        if (past.Count > 0)
        {
            body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h2>{Html.E(new Text("Tentatives précédentes", "Earlier attempts").In(language))}</h2><ul>");
            foreach (var attempt in past)
            {
                var what = attempt.Outcome == PaymentOutcome.Refused ? new Text("refusé par la banque", "refused by the bank") : new Text("abandonné", "abandoned");
                body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<li>{Html.E(ApplicationSummary.DateTime(attempt.TransactionTime ?? attempt.CreatedAt, language))} : {Html.E(what.In(language))}</li>");
            }

            body.Append("</ul>");
        }

        body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<p><a href=\"/api/{Html.E(Routes.StatusPath(procedure.Id, application.Reference, accessCode))}\">{Html.E(new Text("Suivre la demande", "Follow the application").In(language))}</a></p>");
        return Html.Page(new Text("Paiement", "Payment").In(language), body.ToString(), language, PageIdentity.Of(application.Commune));
    }
}
