using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Submission;
using Serverless.Platform.Email;
using Serverless.Platform.Localization;

namespace Serverless.Core.Circuits;

/// <summary>The circuit's e-mails to agents and elected officials (in French): a step to act on, and a signature's code.</summary>
public static class CircuitEmails
{
    /// <summary>Why a step's e-mail is sent: the first request (0), a reminder (its number), or the escalation.</summary>
    public sealed record Occasion(int Reminder, bool Escalation);

    /// <param name="url">The person's own link; null for the escalation to the administrator, who has nothing to click.</param>
    public static EmailMessage StepRequest(LoadedApplication application, string recipient, CircuitStepPlan step, int stepCount, string? url, DateTimeOffset expiresAt, Occasion occasion)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(occasion);
        const Language language = Language.French;
        var (verb, button) = step.Kind switch
        {
            CircuitStepKind.Draft => ("relire le projet de décision, le modifier si besoin, puis le soumettre au circuit de visa et de signature", "Relire et soumettre le projet"),
            CircuitStepKind.Visa => ("viser le projet de décision, le modifier ou le renvoyer à son rédacteur", "Lire et viser le projet"),
            _ => ("signer la décision ou la renvoyer à son rédacteur", "Lire et signer la décision"),
        };
        var prefix = occasion switch
        {
            { Escalation: true } => "[Signalement]",
            { Reminder: > 0 } => $"[Relance {occasion.Reminder}]",
            _ => step.Kind == CircuitStepKind.Signature ? "[À signer]" : step.Kind == CircuitStepKind.Visa ? "[À viser]" : "[À rédiger]",
        };
        var opening = occasion.Escalation
            ? $"Cette décision attend depuis trop longtemps l'étape « {step.Label} » : elle vous est signalée pour que vous puissiez relancer la personne désignée ou faire appliquer une délégation."
            : $"Vous êtes invité(e) à {verb}.";
        var layout = new EmailLayout()
            .Paragraph(opening)
            .Strong($"{application.Procedure.Title.Fr} – référence {application.Reference}")
            .Table([
                ("Étape", $"{step.Label} ({step.Index + 1} sur {stepCount})"),
                ("Demandeur", ApplicationSummary.HolderName(application.Procedure, application.Values)),
                ("Demande déposée le", ApplicationSummary.DateTime(application.Record.SubmittedAt, language)),
            ]);
        if (url is not null)
        {
            layout.Button(button, url)
                .Paragraph($"Le lien ouvre une page où vous lisez le document avant d'agir : rien n'est fait avant que vous ne confirmiez. Lien personnel, à usage unique, valable jusqu'au {ApplicationSummary.DateTime(expiresAt, language)}.");
        }

        return layout.Build(recipient, $"{prefix} {application.Procedure.Title.Fr} – {application.Reference}", application.Commune);
    }

    /// <summary>The one-time code that confirms a signature (the second factor, recorded with it).</summary>
    public static EmailMessage SignatureCode(LoadedApplication application, string recipient, string code, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(application);
        return new EmailLayout()
            .Paragraph("Voici le code qui confirme votre signature :")
            .Strong(code)
            .Paragraph($"Décision de la demande {application.Reference}. Ce code est valable jusqu'au {ApplicationSummary.DateTime(expiresAt, Language.French)} et ne sert qu'une fois. Si vous n'avez pas demandé à signer, ignorez ce courriel et prévenez le service informatique de la commune.")
            .Build(recipient, $"Code de signature – {application.Reference}", application.Commune);
    }
}
