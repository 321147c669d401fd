
namespace Serverless.Core.Workflow;

/// <summary>
/// A failure that retrying cannot cure (no reviewer, a refused status change): the workflow skips the activity's
/// retries and opens an incident at once, then retries on the incident's slow schedule in case someone fixes the cause.
/// </summary>
public class NonRetryableException : Exception
{
    public NonRetryableException()
    {
    }

    public NonRetryableException(string message)
        : base(message)
    {
    }

    public NonRetryableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A status change that <see cref="Applications.StatusTransitions"/> does not allow.</summary>
public sealed class IllegalTransitionException : NonRetryableException
{
    public IllegalTransitionException()
    {
    }

    public IllegalTransitionException(string message)
        : base(message)
    {
    }

    public IllegalTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
