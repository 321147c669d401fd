using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Outbox;
using Serverless.Core.Procedures;
using Serverless.Platform.Configuration;
using Serverless.Platform.Localization;

namespace Serverless.Core.Drafts;

/// <summary>
/// The drafts' timer (SweepDrafts in Azure, DraftLoop in the local host): deletes every draft whose time is up (its
/// files first), and reminds the person who asked for a resume link 7 days before. The reminder goes through the
/// outbox under a fixed step name, so a sweep that runs twice sends it once.
/// </summary>
public sealed partial class DraftSweeper(
    DraftStore drafts,
    DraftTokens tokens,
    ProcedureCatalog catalog,
    EmailOutbox outbox,
    IOptions<DraftOptions> options,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock,
    ILogger<DraftSweeper> logger)
{
    public const string ReminderStep = "draft-reminder";

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await foreach (var draft in drafts.AllAsync(cancellationToken))
        {
            if (draft.ExpiresAt <= now)
            {
                await drafts.DeleteAsync(draft, cancellationToken);
                await outbox.ForgetAsync(DraftRoutes.OutboxKey(draft.DraftId), cancellationToken);
                LogDeleted(draft.DraftId, draft.ProcedureId);
                continue;
            }

            var remindFrom = draft.ExpiresAt - options.Value.Days(DraftOptions.ReminderDaysBeforeDeletion);
            if (draft.Email is { Length: > 0 } email && draft.ReminderSentAt is null && draft.SubmittedReference is null && now >= remindFrom
                && catalog.Find(draft.ProcedureId) is { } procedure)
            {
                var language = LanguageNegotiation.TryParse(draft.Language, out var saved) ? saved : Language.French;
                var url = urls.Value.Api(DraftRoutes.DraftPath(procedure.Id, tokens.For(draft.DraftId)));
                await outbox.SendOnceAsync(DraftRoutes.OutboxKey(draft.DraftId), ReminderStep, DraftEmails.Reminder(procedure, catalog.CommuneOf(procedure), language, email, url, draft.ExpiresAt), cancellationToken);
                draft.ReminderSentAt = now;
                await drafts.TryReplaceAsync(draft, cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {DraftId} of {ProcedureId} deleted at expiry")]
    private partial void LogDeleted(string draftId, string procedureId);
}
