using Serverless.Core.Localization;

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
}

public static class ApplicationStatusText
{
    /// <summary>Still waiting for a decision: it can be withdrawn, and reviewers can still act on it.</summary>
    public static bool IsPending(this ApplicationStatus status) =>
        status is ApplicationStatus.Received or ApplicationStatus.UnderReview or ApplicationStatus.ChangesRequested;

    public static Text Label(this ApplicationStatus status) => status switch
    {
        ApplicationStatus.Received => new("Reçue", "Received"),
        ApplicationStatus.UnderReview => new("En cours d'instruction", "Under review"),
        ApplicationStatus.ChangesRequested => new("Compléments demandés", "Changes requested"),
        ApplicationStatus.Withdrawn => new("Retirée par le demandeur", "Withdrawn"),
        ApplicationStatus.Abandoned => new("Classée sans suite (pas de réponse)", "Closed (no answer)"),
        ApplicationStatus.Approved => new("Acceptée", "Approved"),
        ApplicationStatus.Rejected => new("Refusée", "Rejected"),
        _ => new(status.ToString(), status.ToString()),
    };
}
