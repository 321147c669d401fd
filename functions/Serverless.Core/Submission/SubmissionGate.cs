using Serverless.Core.Edge;
using Serverless.Core.Procedures;

namespace Serverless.Core.Submission;

/// <summary>
/// The abuse checks of a submission once its body is read: the robot checks of the HTML form, then the limit per
/// recipient e-mail address (a valid submission only: a citizen correcting a typo is not counted twice).
/// </summary>
public sealed class SubmissionGate(FormGuard formGuard, AbuseLimiter limiter)
{
    /// <summary>Throws <see cref="RequestRefusedException"/> when a robot filled the form in.</summary>
    public void CheckForm(RawSubmission submission) => formGuard.Check(submission);

    /// <summary>Throws a 429 <see cref="RequestRefusedException"/> when the recipient had enough e-mail from this commune today.</summary>
    public void CheckRecipient(CommuneDefinition commune, string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return;
        }

        using var lease = limiter.TryAcquireRecipient(commune, email);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromHours(1);
            throw new RequestRefusedException(429, "too-many-requests", RefusalTexts.TooManyTitle, RefusalTexts.TooManyDetail) { RetryAfter = retryAfter };
        }
    }
}
