using Serverless.Core.Localization;

namespace Serverless.Core.Applications;

public enum ApplicationStatus
{
    Received,
    UnderReview,
    Approved,
    Rejected,
}

public static class ApplicationStatusText
{
    public static Text Label(this ApplicationStatus status) => status switch
    {
        ApplicationStatus.Received => new("Reçue", "Received"),
        ApplicationStatus.UnderReview => new("En cours d'instruction", "Under review"),
        ApplicationStatus.Approved => new("Acceptée", "Approved"),
        ApplicationStatus.Rejected => new("Refusée", "Rejected"),
        _ => new(status.ToString(), status.ToString()),
    };
}
