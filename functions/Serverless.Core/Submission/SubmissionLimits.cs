namespace Serverless.Core.Submission;

/// <summary>
/// The bounds on the work one request body can ask for, whatever its format: they keep the cost of reading and
/// validating any accepted body small (docs/PERFORMANCE.md measures the worst one) and are checked while the body is
/// read, so a hostile body is refused before anything is built from it.
/// </summary>
public static class SubmissionLimits
{
    /// <summary>Fields plus files at the top of a JSON object, as for forms: far above the largest procedure.</summary>
    public const int MaxFields = SubmissionReader.MaxFormEntries;

    /// <summary>Every property and array item at any depth: a file array or a file object adds a few each.</summary>
    public const int MaxJsonMembers = 1024;

    /// <summary>A field's name: no procedure's is near this long.</summary>
    public const int MaxNameLength = 200;

    /// <summary>
    /// One text value: above every field's own limit (the longest default is 2,000), so the field's limit answers with
    /// its own message, and a body cannot make the validator normalise megabytes of text.
    /// </summary>
    public const int MaxTextLength = 20_000;

    /// <summary>An attachment's original name, kept only to be shown.</summary>
    public const int MaxFileNameLength = 255;

    /// <summary>The field errors a refusal lists; the rest are counted.</summary>
    public const int MaxReportedErrors = Serverless.Platform.Http.Problems.MaxReportedErrors;
}
