using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;

namespace Serverless.Core.Transparency;

/// <summary>
/// Turns a recorded audit entry into a leaf of its commune's log. Called by <c>AuditTrail</c> whenever the entry's
/// row exists (written now or by an earlier run), so a run that died between the row and the leaf appends it on the
/// retry, and the step's key row makes the append happen once.
/// </summary>
public sealed partial class AuditLogAppender(TransparencyLog log, ApplicationLoader applications, ILogger<AuditLogAppender> logger)
{
    /// <param name="rowWasThere">
    /// The audit row existed before this call (a step that ran again): its leaf is probably in the log already, so
    /// look for it first rather than make the commune's next batch fail on its key row.
    /// </param>
    /// <param name="subjectSalt">The audit row's subject salt: a v2 leaf; null (a row written before v2) a v1 leaf.</param>
    public async Task<long?> AppendAsync(string reference, string step, string action, DateTimeOffset at, string commitment, byte[]? subjectSalt, bool rowWasThere, CancellationToken cancellationToken)
    {
        if (await applications.CommuneIdOfAsync(reference, cancellationToken) is not { } communeId)
        {
            // No application, no commune: nothing in the product writes such an entry, but say so rather than guess.
            LogNoCommune(reference, step);
            return null;
        }

        if (rowWasThere && await log.FindIndexAsync(communeId, reference, step, cancellationToken) is { } existing)
        {
            return existing;
        }

        return await log.AppendAsync(new LogEntry(communeId, reference, step, action, at, commitment) { SubjectSalt = subjectSalt }, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit entry {Step} of {Reference} has no application, so no commune log: not appended")]
    private partial void LogNoCommune(string reference, string step);
}
