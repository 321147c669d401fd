using Serverless.Platform.Localization;

namespace Serverless.Core.Applications;

public enum ApplicationStatus
{
    Received,
    UnderReview,
    ChangesRequested,
    Approved,
    Rejected,
    Withdrawn,
    Abandoned,

    /// <summary>Approved by the agent; the decision goes through its visas and is signed before the citizen is told (issue 26).</summary>
    AwaitingSignature,

    /// <summary>A step failed after its retries: the workflow retries it with back-off and resumes by itself; the administrator is told.</summary>
    Incident,

    /// <summary>The procedure's price is due (PayFiP, issue 28): before agents see it, or before the certificate.</summary>
    AwaitingPayment,
}

public static class ApplicationStatusText
{
    /// <summary>Still waiting for a decision: it can be withdrawn, and reviewers can still act on it.</summary>
    public static bool IsPending(this ApplicationStatus status) =>
        status is ApplicationStatus.Received or ApplicationStatus.UnderReview or ApplicationStatus.ChangesRequested or ApplicationStatus.AwaitingSignature or ApplicationStatus.AwaitingPayment or ApplicationStatus.Incident;

    /// <summary>How an application ended: nothing changes it any more.</summary>
    public static bool IsFinal(this ApplicationStatus status) =>
        status is ApplicationStatus.Approved or ApplicationStatus.Rejected or ApplicationStatus.Withdrawn or ApplicationStatus.Abandoned;

    public static Text Label(this ApplicationStatus status) => status switch
    {
        ApplicationStatus.Received => new("Reçue", "Received"),
        ApplicationStatus.UnderReview => new("En cours d'instruction", "Under review"),
        ApplicationStatus.ChangesRequested => new("Compléments demandés", "Changes requested"),
        ApplicationStatus.Withdrawn => new("Retirée par le demandeur", "Withdrawn"),
        ApplicationStatus.Abandoned => new("Classée sans suite (pas de réponse)", "Closed (no answer)"),
        ApplicationStatus.Approved => new("Acceptée", "Approved"),
        ApplicationStatus.Rejected => new("Refusée", "Rejected"),
        ApplicationStatus.AwaitingSignature => new("Acceptée, décision en cours de signature", "Approved, decision being signed"),
        ApplicationStatus.AwaitingPayment => new("En attente de paiement", "Awaiting payment"),
        ApplicationStatus.Incident => new("Retardée par un incident technique (en cours de résolution)", "Delayed by a technical incident (being resolved)"),
        _ => new(status.ToString(), status.ToString()),
    };
}
