using Serverless.FaultHarness.Workload;

namespace Serverless.FaultHarness.Analysis;

/// <summary>Distinct messages of one kind to one recipient for one application (by Message-Id when present).</summary>
public sealed record MailCount(string Step, string Recipient, int Distinct, int SameIdCopies);

/// <summary>Everything the harness found about one accepted application, and what was lost or doubled.</summary>
public sealed record ApplicationVerdict(
    int Index,
    string Reference,
    string? FinalStatus,
    string? CertificateNumberShown,
    IReadOnlyList<SeenStatus> StatusesSeen,
    IReadOnlyList<string> CertificateNumbers,
    int CertificateBlobs,
    IReadOnlyDictionary<string, int> HashRowsByNumber,
    IReadOnlyList<MailCount> Mails,
    int IncidentNotices,
    IReadOnlyList<string> Lost,
    IReadOnlyList<string> Duplicates,
    int SameMessageIdCopies,
    IReadOnlyList<DecisionDocumentFacts> DecisionDocuments,
    string? SignedDecision)
{
    /// <summary>The circuit's documents of this application that carry more signatures than their signed steps.</summary>
    public int SignedTwice => DecisionDocuments.Count(document => document.SignedTwice);

    /// <summary>What PayFiP and the app say of this application's payment (the payment scenario), else null.</summary>
    public PaymentFacts? Payment { get; init; }

    /// <summary>Payments beyond the one that settles the debt that are not flagged for refund (the régie keeps them).</summary>
    public int PaidTwice => Payment?.PaidTwice ?? 0;
}
