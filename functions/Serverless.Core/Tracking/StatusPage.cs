using System.Text;
using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Localization;

namespace Serverless.Core.Tracking;

/// <summary>What a citizen sees of their application (the JSON body and the HTML page show the same facts).</summary>
public sealed record StatusView(
    string Reference,
    string ProcedureId,
    string Procedure,
    string Status,
    string StatusLabel,
    DateTimeOffset SubmittedAt,
    string? DecisionReason,
    CertificateView? Certificate,
    IReadOnlyList<HistoryView> History)
{
    /// <summary>When the law expects a decision; null once decided or while suspended.</summary>
    public DateTimeOffset? DecisionDueAt { get; init; }

    public bool DeadlineSuspended { get; init; }

    public ChangeRequestView? ChangeRequest { get; init; }

    /// <summary>Everything held about the application, as one ZIP (right of access).</summary>
    public string? ArchiveUrl { get; init; }

    /// <summary>Where to POST to withdraw, while the application is pending.</summary>
    public string? WithdrawUrl { get; init; }

    /// <summary>A technical incident holds the application up (also after its decision, when only a notice is delayed).</summary>
    public IncidentView? Incident { get; init; }

    /// <summary>The citizen asked to withdraw; the workflow has not recorded it yet.</summary>
    public bool WithdrawalRequested { get; init; }

    /// <summary>When the personal data was erased, and why (<c>retention</c> or <c>request</c>); null while it is kept.</summary>
    public DateTimeOffset? ErasedAt { get; init; }

    public string? ErasureReason { get; init; }

    /// <summary>Until when a decided application's personal data is kept (its procedure's retention period).</summary>
    public DateTimeOffset? RetainedUntil { get; init; }

    /// <summary>Where to POST to ask for the erasure of a decided application's data (until it is asked).</summary>
    public string? ErasureUrl { get; init; }

    /// <summary>When the citizen asked for the erasure; the commune's agents confirm it.</summary>
    public DateTimeOffset? ErasureRequestedAt { get; init; }
    /// <summary>What was submitted, as the office reads it (label, value): shown to the holder of the access code only.</summary>
    public IReadOnlyList<SubmittedView> Submitted { get; init; } = [];

    /// <summary>The files sent with the application (as named by the citizen; stored under generated names).</summary>
    public IReadOnlyList<AttachmentView> Attachments { get; init; } = [];

    /// <summary>The printable acknowledgement of receipt, and the same as a PDF.</summary>
    public string? ReceiptUrl { get; init; }

    public string? ReceiptPdfUrl { get; init; }

    /// <summary>While the decision goes through its signature circuit: the step it is at (catalogue labels only, never a comment).</summary>
    public string? DecisionStep { get; init; }

    /// <summary>The signed decision, once the circuit has signed it.</summary>
    public string? SignedDecisionUrl { get; init; }

    /// <summary>The payment page (amount due and the button to PayFiP, or the receipt), for a procedure with a price.</summary>
    public string? PaymentUrl { get; init; }
}

public sealed record SubmittedView(string Label, string Value);

public sealed record AttachmentView(string Field, string Label, string Name, string ContentType, long Size);

/// <summary>Which step is held up and since when; the workflow retries it by itself.</summary>
public sealed record IncidentView(string Step, DateTimeOffset Since)
{
    /// <summary>
    /// The workflow's incident (a step failing past its quick retries) or else a queued e-mail held up by the relay;
    /// null when neither. The citizen's page and the back office show the same one.
    /// </summary>
    public static IncidentView? Of(ApplicationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.IncidentStep is { Length: > 0 } step && record.IncidentSince is { } since ? new IncidentView(step, since)
            : record.NoticeDelayedStep is { Length: > 0 } notice && record.NoticeDelayedSince is { } delayedSince ? new IncidentView($"e-mail {notice}", delayedSince)
            : null;
    }
}

public sealed record ChangeRequestView(string Message, IReadOnlyList<string> Fields, DateTimeOffset? AnswerDueAt, string CorrectionUrl);

public sealed record CertificateView(string Number, string DownloadUrl, string VerifyUrl, string Sha256);

public sealed record HistoryView(string Action, string Label, DateTimeOffset At, string Actor);

public static class StatusPage
{
    public static string Render(StatusView view, bool justReceived, Language language, string communeName) =>
        Render(view, justReceived, language, PageIdentity.Platform(communeName), null);

    public static string Render(StatusView view, bool justReceived, Language language, PageIdentity identity, string? languageSwitchUrl)
    {
        ArgumentNullException.ThrowIfNull(view);
        var body = new StringBuilder();
        if (justReceived)
        {
            body.Append("<div class=\"ok\" role=\"status\"><p>")
                .Append(Html.E(new Text("Votre demande a bien été reçue. Un accusé de réception vous est envoyé par courriel. Conservez cette page : son adresse est personnelle.", "Your application was received. An acknowledgement of receipt is on its way by e-mail. Keep this page: its address is personal.").In(language)))
                .Append("</p></div>");
        }

        body.Append("<p>").Append(Html.E(new Text("Référence", "Reference").In(language))).Append(" : <code>").Append(Html.E(view.Reference)).Append("</code></p>");
        body.Append("<p class=\"notice\"><strong>").Append(Html.E(new Text("État", "Status").In(language))).Append(" : ").Append(Html.E(view.StatusLabel)).Append("</strong>");
        if (!string.IsNullOrEmpty(view.DecisionReason))
        {
            body.Append("<br>").Append(Html.E(new Text("Motif", "Reason").In(language))).Append(" : ").Append(Html.E(view.DecisionReason));
        }

        body.Append("</p>");
        if (view.DecisionStep is { } decisionStep)
        {
            body.Append("<p id=\"decision-step\">").Append(Html.E(new Text("Votre demande est acceptée par le service ; la décision est en cours de visa et de signature.", "The office approved your application; the decision is being checked and signed.").In(language)))
                .Append(' ').Append(Html.E(decisionStep)).Append("</p>");
        }

        if (view.PaymentUrl is { } payment)
        {
            var awaiting = view.Status == nameof(ApplicationStatus.AwaitingPayment);
            body.Append("<p><a id=\"payment\" href=\"").Append(Html.E(payment)).Append("\">")
                .Append(Html.E((awaiting ? new Text("Payer en ligne le montant dû", "Pay the amount due online") : new Text("Paiement et reçu", "Payment and receipt")).In(language))).Append("</a></p>");
        }

        if (view.SignedDecisionUrl is { } signedDecision)
        {
            body.Append("<p><a id=\"signed-decision\" href=\"").Append(Html.E(signedDecision)).Append("\">")
                .Append(Html.E(new Text("Télécharger la décision signée (PDF)", "Download the signed decision (PDF)").In(language))).Append("</a></p>");
        }

        if (view.Incident is { } incident)
        {
            body.Append("<div class=\"notice\" role=\"status\"><p>")
                .Append(Html.E(new Text(
                    "Le traitement de votre demande est retardé par un incident technique depuis le {0}. Le service en est informé et reprend le traitement de lui-même dès que possible : vous n'avez rien à faire. Le délai légal de décision continue de courir.",
                    "Processing of your application has been delayed by a technical incident since {0}. The office knows and processing resumes by itself as soon as possible: you have nothing to do. The legal decision deadline still runs.").Format(language, ApplicationSummary.DateTime(incident.Since, language))))
                .Append("</p></div>");
        }

        if (view.ErasedAt is { } erased)
        {
            body.Append("<div class=\"notice\" role=\"status\" id=\"erased\"><p>")
                .Append(Html.E((view.ErasureReason == "request"
                    ? new Text("Les données personnelles de cette demande ont été effacées le {0}, à votre demande.", "The personal data of this application was erased on {0}, at your request.")
                    : new Text("Les données personnelles de cette demande ont été effacées le {0}, à la fin de leur durée de conservation.", "The personal data of this application was erased on {0}, at the end of its retention period.")).Format(language, ApplicationSummary.DateTime(erased, language))))
                .Append(' ')
                .Append(Html.E(new Text("Seuls l'historique, sans données personnelles, et la décision sont conservés ; une attestation délivrée reste vérifiable par son numéro et son empreinte.", "Only the history, without personal data, and the decision are kept; an issued certificate stays verifiable by its number and fingerprint.").In(language)))
                .Append("</p></div>");
        }
        else if (view.ErasureRequestedAt is { } requested)
        {
            body.Append("<p role=\"status\" id=\"erasure-requested\">").Append(Html.E(new Text("Votre demande d'effacement du {0} a été transmise aux agents de la commune, qui la confirment.", "Your erasure request of {0} was sent to the commune's agents, who confirm it.").Format(language, ApplicationSummary.DateTime(requested, language)))).Append("</p>");
        }
        else if (view.RetainedUntil is { } until)
        {
            body.Append("<p class=\"help\">").Append(Html.E(new Text("Données personnelles conservées jusqu'au {0}, puis effacées (vous serez prévenu par courriel).", "Personal data kept until {0}, then erased (you will be told by e-mail).").Format(language, ApplicationSummary.LongDate(until, language)))).Append("</p>");
        }

        if (view.WithdrawalRequested)
        {
            body.Append("<p role=\"status\">").Append(Html.E(new Text("Votre demande de retrait est enregistrée : elle est en cours de prise en compte.", "Your withdrawal is recorded: it is being taken into account.").In(language))).Append("</p>");
        }

        if (view.DeadlineSuspended)
        {
            body.Append("<p>").Append(Html.E(new Text("Délai de décision suspendu jusqu'à votre réponse.", "Decision deadline suspended until you answer.").In(language))).Append("</p>");
        }
        else if (view.DecisionDueAt is { } due)
        {
            body.Append("<p>").Append(Html.E(new Text("Décision attendue au plus tard le {0}.", "Decision expected by {0}.").Format(language, DeadlineText.Format(due, language)))).Append("</p>");
        }

        if (view.ChangeRequest is { } changes)
        {
            body.Append("<div class=\"notice\"><p>").Append(Html.E(new Text("Le service vous demande : « {0} »", "The office asks: \"{0}\"").Format(language, changes.Message))).Append("</p><p><a href=\"")
                .Append(Html.E(changes.CorrectionUrl)).Append("\">").Append(Html.E(new Text("Compléter ma demande", "Complete my application").In(language))).Append("</a></p></div>");
        }

        if (view.Certificate is { } erasedCertificate && view.ErasedAt is not null)
        {
            // The PDF is gone; the certificate itself stays verifiable by its number and by the file the citizen kept.
            body.Append("<p><a href=\"").Append(Html.E(erasedCertificate.VerifyUrl)).Append("\">")
                .Append(Html.E(new Text("Vérifier l'attestation", "Check the certificate").In(language)))
                .Append("</a> (n° ").Append(Html.E(erasedCertificate.Number)).Append(")</p>");
        }
        else if (view.Certificate is { } certificate)
        {
            body.Append("<p><a href=\"").Append(Html.E(certificate.DownloadUrl)).Append("\">")
                .Append(Html.E(new Text("Télécharger l'attestation", "Download the certificate").In(language)))
                .Append("</a> (n° ").Append(Html.E(certificate.Number)).Append(")</p>");
        }

        if (view.ReceiptUrl is { } receipt)
        {
            body.Append("<p><a id=\"receipt\" href=\"").Append(Html.E(receipt)).Append("\">")
                .Append(Html.E(new Text("Accusé de réception (à imprimer)", "Acknowledgement of receipt (printable)").In(language))).Append("</a>");
            if (view.ReceiptPdfUrl is { } pdf)
            {
                body.Append(" – <a href=\"").Append(Html.E(pdf)).Append("\">").Append(Html.E(new Text("en PDF", "as a PDF").In(language))).Append("</a>");
            }

            body.Append("</p>");
        }

        if (view.Submitted.Count > 0 || view.Attachments.Count > 0)
        {
            body.Append("<h2>").Append(Html.E(new Text("Ce que vous avez envoyé", "What you sent").In(language))).Append("</h2>");
            body.Append(Html.Table(view.Submitted.Select(line => (line.Label, line.Value))));
            if (view.Attachments.Count > 0)
            {
                body.Append("<h3>").Append(Html.E(new Text("Pièces jointes", "Attachments").In(language))).Append("</h3><ul>");
                foreach (var attachment in view.Attachments)
                {
                    body.Append("<li>").Append(Html.E(attachment.Label)).Append(" : ").Append(Html.E(attachment.Name))
                        .Append(" (").Append(Html.E(Receipts.AcknowledgementOfReceipt.Size(attachment.Size, language))).Append(")</li>");
                }

                body.Append("</ul>");
            }
        }

        body.Append("<h2>").Append(Html.E(new Text("Historique", "History").In(language))).Append("</h2>");
        body.Append(Html.Table(view.History.Select(entry => (ApplicationSummary.DateTime(entry.At, language), entry.Label))));
        if (view.ArchiveUrl is { } archive)
        {
            body.Append("<p><a id=\"archive\" href=\"").Append(Html.E(archive)).Append("\">")
                .Append(Html.E(new Text("Télécharger toutes mes données (archive ZIP : demande, historique, pièces jointes, attestation)", "Download all my data (ZIP archive: application, history, attachments, certificate)").In(language)))
                .Append("</a></p>");
        }
        if (view.ErasureUrl is { } erasure)
        {
            body.Append("<form method=\"post\" action=\"").Append(Html.E(erasure)).Append("\" id=\"erasure\"><p><input type=\"checkbox\" id=\"confirm\" name=\"confirm\" value=\"yes\" required> <label for=\"confirm\">")
                .Append(Html.E(new Text("Je demande l'effacement de mes données personnelles (informations, pièces jointes, attestation). Téléchargez-les d'abord si vous voulez les garder.", "I ask for my personal data (information, attachments, certificate) to be erased. Download it first if you want to keep it.").In(language)))
                .Append("</label></p><button type=\"submit\" class=\"danger\">")
                .Append(Html.E(new Text("Demander l'effacement de mes données", "Ask for my data to be erased").In(language))).Append("</button></form>");
        }

        if (view.WithdrawUrl is { } withdraw)
        {
            // A link to the confirmation page (GET on the same address); only its button POSTs the withdrawal.
            body.Append("<p><a class=\"button secondary\" href=\"").Append(Html.E(withdraw)).Append("&amp;lang=").Append(language.Code()).Append("\">")
                .Append(Html.E(new Text("Retirer ma demande", "Withdraw my application").In(language))).Append("</a></p>");
        }

        return Html.Page(view.Procedure, body.ToString(), language, identity, new Html.PageOptions(LanguageSwitchUrl: languageSwitchUrl));
    }
}
