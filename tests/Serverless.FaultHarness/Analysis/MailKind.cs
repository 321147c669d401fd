using System.Text.RegularExpressions;
using Serverless.FaultHarness.Product;

namespace Serverless.FaultHarness.Analysis;

/// <summary>The kinds of message an application causes.</summary>
public enum MailKind
{
    /// <summary>Acknowledgement of receipt to the citizen.</summary>
    Acknowledgement,

    /// <summary>Review request to the agent, with the approve link.</summary>
    ReviewRequest,

    /// <summary>Decision (with the certificate PDF when approved) to the citizen.</summary>
    Decision,

    /// <summary>"[Attestation délivrée]" to the agent, with the revocation link.</summary>
    CertificateNotice,

    /// <summary>"[Incident]" notice to the commune's administrator.</summary>
    Incident,

    /// <summary>A step of the signature circuit asked of its people: "[À rédiger]", "[À viser]", "[À signer]".</summary>
    CircuitStep,

    /// <summary>"Paiement à effectuer" to the citizen: the amount due and the link to pay.</summary>
    PaymentDue,

    /// <summary>"Paiement reçu" to the citizen, with the receipt.</summary>
    PaymentReceipt,

    /// <summary>Anything else (reminders, changes requested…).</summary>
    Other,
}

/// <summary>
/// A received message, classified: kind, application reference and outbox step. Uses the outbox headers
/// (<c>X-Application-Reference</c>, <c>X-Outbox-Step</c>) when the product sends them, else the subject and body.
/// </summary>
public sealed partial record ClassifiedMail(ReceivedMail Mail, MailKind Kind, string? Reference, string Step, string Recipient)
{
    public static ClassifiedMail From(ReceivedMail mail, string recipient)
    {
        var kind = KindOf(mail.Subject);
        var reference = mail.Header("x-application-reference") is { Length: > 0 } header ? header.Trim() : FindReference(mail.Subject) ?? FindReference(mail.Text);
        var step = mail.Header("x-outbox-step") is { Length: > 0 } outboxStep ? outboxStep.Trim() : kind.ToString();
        return new ClassifiedMail(mail, kind, reference, step, recipient.ToLowerInvariant());
    }

    /// <summary>Whether this message came with the outbox headers (the step then names it exactly).</summary>
    public bool HasOutboxStep => Mail.Header("x-outbox-step") is { Length: > 0 };

    public static MailKind KindOf(string subject) => subject switch
    {
        _ when subject.StartsWith("[Incident]", StringComparison.Ordinal) => MailKind.Incident,
        _ when subject.StartsWith("Accusé de réception", StringComparison.Ordinal) => MailKind.Acknowledgement,
        _ when subject.StartsWith("[À instruire]", StringComparison.Ordinal) => MailKind.ReviewRequest,
        _ when subject.StartsWith("[Attestation délivrée]", StringComparison.Ordinal) => MailKind.CertificateNotice,
        _ when subject.StartsWith("[À rédiger]", StringComparison.Ordinal)
            || subject.StartsWith("[À viser]", StringComparison.Ordinal)
            || subject.StartsWith("[À signer]", StringComparison.Ordinal) => MailKind.CircuitStep,
        _ when subject.StartsWith("Paiement à effectuer", StringComparison.Ordinal) => MailKind.PaymentDue,
        _ when subject.StartsWith("Paiement reçu", StringComparison.Ordinal) => MailKind.PaymentReceipt,
        _ when subject.StartsWith("Demande acceptée", StringComparison.Ordinal)
            || subject.StartsWith("Demande refusée", StringComparison.Ordinal)
            || subject.StartsWith("Demande rejetée", StringComparison.Ordinal) => MailKind.Decision,
        _ => MailKind.Other,
    };

    private static string? FindReference(string text)
    {
        var match = ReferenceShape().Match(text);
        return match.Success ? match.Value : null;
    }

    [GeneratedRegex("\\b[A-Z]{2,6}-[0-9]{4}-[2-9A-HJKMNP-TV-Z]{6}\\b")]
    private static partial Regex ReferenceShape();
}
