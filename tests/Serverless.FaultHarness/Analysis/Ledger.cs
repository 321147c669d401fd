using Serverless.FaultHarness.Product;
using Serverless.FaultHarness.Workload;

namespace Serverless.FaultHarness.Analysis;

/// <summary>
/// Judges every accepted application from what the citizen's page, the mailbox and storage show. Lost: not final in
/// the time allowed, or approved without exactly one certificate, decision e-mail and acknowledgement (or their
/// registry entries). Duplicate: more than one distinct message for a (reference, step, recipient), or more than one
/// certificate number, certificate PDF or hash row. Copies sharing one Message-Id are counted apart (the outbox's
/// documented relay-accepted-but-not-marked window). With a signature circuit (<paramref name="circuitSignatures"/> set):
/// lost also when an approved application's row names no signed decision, or names one without that many valid
/// signatures, or the decision e-mail lacks the signed decision (2 PDFs); duplicate when a decision blob carries more
/// signatures than its signed steps (a document signed twice) or two blobs share a (version, pass, step).
/// </summary>
public static class Ledger
{
    public static IReadOnlyList<ApplicationVerdict> Judge(IEnumerable<Submission> submissions, StatusWatch statuses, IReadOnlyList<ClassifiedMail> mails, StorageSnapshot storage, int? circuitSignatures = null)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(mails);
        ArgumentNullException.ThrowIfNull(storage);
        var byReference = mails.Where(mail => mail.Reference is not null).ToLookup(mail => mail.Reference!, StringComparer.Ordinal);
        return [.. submissions.Where(submission => submission.Reference is not null).Select(submission => Judge(submission, statuses.Latest(submission.Reference!), statuses.Timeline(submission.Reference!), [.. byReference[submission.Reference!]], storage, circuitSignatures))];
    }

    private static ApplicationVerdict Judge(Submission submission, StatusSnapshot? status, IReadOnlyList<SeenStatus> timeline, IReadOnlyList<ClassifiedMail> mails, StorageSnapshot storage, int? circuitSignatures)
    {
        var reference = submission.Reference!;
        var lost = new List<string>();
        var duplicates = new List<string>();
        var counts = Count(mails);
        var sameIdCopies = counts.Sum(count => count.SameIdCopies);
        foreach (var count in counts.Where(count => count.Distinct > 1))
        {
            duplicates.Add($"{count.Distinct} distinct '{count.Step}' e-mails to {count.Recipient}");
        }

        var numbers = storage.NumbersOf(reference).Order(StringComparer.Ordinal).ToList();
        var blobs = storage.CertificateBlobs.GetValueOrDefault(reference);
        var hashRows = numbers.ToDictionary(number => number, number => storage.HashRowsByNumber.GetValueOrDefault(number), StringComparer.Ordinal);

        if (status is null)
        {
            lost.Add("status page never answered");
        }
        else if (!status.IsFinal)
        {
            lost.Add($"not final: {StatusWatch.Label(status)}");
        }

        if (numbers.Count > 1)
        {
            duplicates.Add($"{numbers.Count} certificate numbers ({string.Join(", ", numbers)})");
        }

        if (blobs > 1)
        {
            duplicates.Add($"{blobs} certificate PDFs");
        }

        foreach (var (number, rows) in hashRows.Where(pair => pair.Value > 1))
        {
            duplicates.Add($"{rows} CertificateHashes rows for {number}");
        }

        if (status?.Status == "Approved")
        {
            if (numbers.Count == 0)
            {
                lost.Add("approved without a Certificates row");
            }

            if (blobs == 0)
            {
                lost.Add("approved without a certificate PDF");
            }

            if (hashRows.Any(pair => pair.Value == 0))
            {
                lost.Add("certificate without a CertificateHashes row");
            }

            if (status.CertificateNumber is { } shown && !numbers.Contains(shown, StringComparer.Ordinal))
            {
                lost.Add($"status page shows certificate {shown}, which the registry does not hold");
            }

            RequireOne(mails, MailKind.Decision, "decision e-mail", lost);
            RequireOne(mails, MailKind.CertificateNotice, "revocation-link e-mail to the agent", lost);
            if (mails.Any(mail => mail.Kind == MailKind.Decision) && !mails.Any(mail => mail.Kind == MailKind.Decision && mail.Mail.HasPdf))
            {
                lost.Add("decision e-mail without the certificate PDF");
            }
        }

        var decisions = storage.DecisionDocuments.GetValueOrDefault(reference) ?? [];
        var signedDecision = storage.SignedDecisionOf.GetValueOrDefault(reference);
        JudgeDecisionDocuments(decisions, lost, duplicates);
        if (circuitSignatures is { } expected && status?.Status == "Approved")
        {
            JudgeSignedDecision(decisions, signedDecision, expected, mails, lost);
        }

        RequireOne(mails, MailKind.Acknowledgement, "acknowledgement", lost);
        return new ApplicationVerdict(
            submission.Index,
            reference,
            status?.Status,
            status?.CertificateNumber,
            timeline,
            numbers,
            blobs,
            hashRows,
            counts,
            mails.Count(mail => mail.Kind == MailKind.Incident),
            lost,
            duplicates,
            sameIdCopies,
            decisions,
            signedDecision);
    }

    /// <summary>Every blob of the circuit: readable, its signatures valid, none signed twice, one per (version, pass, step).</summary>
    private static void JudgeDecisionDocuments(IReadOnlyList<DecisionDocumentFacts> decisions, List<string> lost, List<string> duplicates)
    {
        foreach (var document in decisions)
        {
            if (document.Unreadable is not null)
            {
                lost.Add($"{document.BlobName} unreadable: {document.Unreadable}");
            }
            else if (document.ValidSignatures < document.Signatures)
            {
                lost.Add($"{document.BlobName}: {document.Signatures - document.ValidSignatures} of {document.Signatures} signatures invalid");
            }

            if (document.SignedTwice)
            {
                duplicates.Add($"{document.BlobName} signed twice: {document.Signatures} signatures in {document.DistinctFields} fields and {document.ByteRanges} byte ranges for {document.SignedSteps} signed steps");
            }
        }

        foreach (var shared in decisions.GroupBy(document => (document.Version, document.Pass, document.SignedSteps)).Where(group => group.Count() > 1))
        {
            duplicates.Add($"{shared.Count()} decision blobs for version {shared.Key.Version}, pass {shared.Key.Pass}, step {shared.Key.SignedSteps}");
        }
    }

    /// <summary>The row names the signed decision; it carries one valid signature per signing step; the citizen got it.</summary>
    private static void JudgeSignedDecision(IReadOnlyList<DecisionDocumentFacts> decisions, string? signedDecision, int expected, IReadOnlyList<ClassifiedMail> mails, List<string> lost)
    {
        var final = decisions.FirstOrDefault(document => string.Equals(document.BlobName, signedDecision, StringComparison.Ordinal));
        if (signedDecision is null)
        {
            lost.Add("approved, but the row names no signed decision (DecisionDocument)");
        }
        else if (final is null)
        {
            lost.Add($"the row names {signedDecision}, which storage does not hold");
        }
        else if (final.Signatures != expected || final.ValidSignatures != expected)
        {
            lost.Add($"the signed decision {signedDecision} carries {final.ValidSignatures} valid of {final.Signatures} signatures, {expected} expected");
        }

        if (mails.Any(mail => mail.Kind == MailKind.Decision) && !mails.Any(mail => mail.Kind == MailKind.Decision && mail.Mail.PdfCount >= 2))
        {
            lost.Add("decision e-mail without the signed decision (fewer than 2 PDFs)");
        }
    }

    private static void RequireOne(IReadOnlyList<ClassifiedMail> mails, MailKind kind, string what, List<string> lost)
    {
        if (!mails.Any(mail => mail.Kind == kind))
        {
            lost.Add($"no {what}");
        }
    }

    /// <summary>
    /// Groups by (step, recipient). Incident notices without an outbox step are left out: a long outage may
    /// rightly cause several incidents, and only the step says which notice belongs to which.
    /// </summary>
    private static List<MailCount> Count(IReadOnlyList<ClassifiedMail> mails) =>
        [.. mails
            .Where(mail => mail.Kind is not MailKind.Other && (mail.Kind is not MailKind.Incident || mail.HasOutboxStep))
            .GroupBy(mail => (mail.Step, mail.Recipient))
            .Select(group =>
            {
                var withId = group.Where(mail => mail.Mail.MessageId is not null).ToList();
                var distinct = withId.Select(mail => mail.Mail.MessageId!).Distinct(StringComparer.Ordinal).Count() + group.Count(mail => mail.Mail.MessageId is null);
                return new MailCount(group.Key.Step, group.Key.Recipient, distinct, group.Count() - distinct);
            })
            .OrderBy(count => count.Step, StringComparer.Ordinal)];
}
