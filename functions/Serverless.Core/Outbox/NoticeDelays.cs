using Azure;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Workflow;

namespace Serverless.Core.Outbox;

/// <summary>
/// The mark on an application's row that one of its queued e-mails is held up by the relay (<see
/// cref="ApplicationRecord.NoticeDelayedStep"/>), which the citizen's page shows beside the status as an incident.
/// Set when an e-mail's quick retries are spent; when one is sent at last the mark is worked out again from the
/// outbox rows still held up, written with the row's ETag so that two e-mails sent at once cannot leave a stale mark.
/// </summary>
public sealed class NoticeDelays(ApplicationRepository applications, EmailOutbox outbox, IOptions<WorkflowOptions> workflow)
{
    private const int MaxConflicts = 8;

    /// <summary>
    /// Marks the application's e-mail as held up. True when the mark is this e-mail's (none was set, or this e-mail set
    /// it before a crash): the caller tells the administrator once per spell of delays, not once per e-mail. Written
    /// with the row's ETag, so of two e-mails held up at once only one opens it.
    /// </summary>
    public Task<bool> OpenAsync(string reference, string step, DateTimeOffset since, CancellationToken cancellationToken) =>
        ChangeMarkAsync(reference, marked => Task.FromResult<(string?, DateTimeOffset?, bool)>(marked is { Length: > 0 } ? (null, null, marked == step) : (step, since, true)), cancellationToken);

    /// <summary>Works the mark out again from the outbox rows still held up, once one of them was sent.</summary>
    public Task CloseAsync(string reference, CancellationToken cancellationToken) =>
        ChangeMarkAsync(
            reference,
            async _ => await FirstHeldUpAsync(reference, cancellationToken) is { } held ? (held.Step, held.Since, true) : (string.Empty, null, true),
            cancellationToken);

    /// <summary>
    /// Reads the mark, lets <paramref name="decide"/> pick the new one (a null step writes nothing) and writes it with
    /// the row's ETag; a row changed meanwhile (another e-mail, a status) is read again. False for an erased row.
    /// </summary>
    private async Task<bool> ChangeMarkAsync(string reference, Func<string?, Task<(string? Step, DateTimeOffset? Since, bool Result)>> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConflicts; attempt++)
        {
            if (await applications.NoticeMarkAsync(reference, cancellationToken) is not { } mark)
            {
                return false; // Erased meanwhile: nothing left to mark.
            }

            var (step, since, result) = await decide(mark.Step);
            if (step is null)
            {
                return result;
            }

            try
            {
                await applications.MarkNoticeDelayedAsync(reference, step, since, mark.ETag, cancellationToken);
                return result;
            }
            catch (RequestFailedException exception) when (exception.Status == 412)
            {
                // Read the row (and the outbox) again.
            }
        }

        throw new InvalidOperationException($"The delayed-notice mark of {reference} kept changing.");
    }

    private Task<(string Step, DateTimeOffset Since)?> FirstHeldUpAsync(string reference, CancellationToken cancellationToken) =>
        outbox.Rows.FirstHeldUpAsync(reference, workflow.Value.Retry.Attempts, cancellationToken);
}
