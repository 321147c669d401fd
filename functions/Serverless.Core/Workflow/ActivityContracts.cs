namespace Serverless.Core.Workflow;

public static class ActivityNames
{
    public const string AcknowledgeReceipt = nameof(AcknowledgeReceipt);
    public const string ValidateApplication = nameof(ValidateApplication);
    public const string RequestReview = nameof(RequestReview);
    public const string SendReviewReminder = nameof(SendReviewReminder);
    public const string IssueCertificate = nameof(IssueCertificate);
    public const string NotifyCitizen = nameof(NotifyCitizen);
}

/// <summary>Result of the server-side checks run when the workflow starts.</summary>
public sealed record ValidationOutcome(bool IsValid, IReadOnlyList<string> Reasons);

/// <summary>Ask the reviewers for a decision (reminder number 0 is the first request).</summary>
public sealed record ReviewRequest(string Reference, int Round, int ReminderNumber);

/// <summary>Issue the certificate with the number and date the orchestration fixed (so a retry yields the same document identity).</summary>
public sealed record CertificateRequest(string Reference, string Number, DateTimeOffset IssuedAt);

public sealed record IssuedCertificate(string Number, string Sha256);

/// <summary>Tell the citizen the outcome: approval (with the certificate) or rejection (with the reason).</summary>
public sealed record CitizenNotice(string Reference, bool Approved, string Reason, string? CertificateNumber);
