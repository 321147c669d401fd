using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Withdrawal;

/// <summary>
/// <c>GET …/withdrawal?access=…</c> asks the citizen to confirm (a GET changes nothing; the page has a way back to
/// the status page); <c>POST /api/procedures/{procedureId}/applications/{reference}/withdrawal?access=…</c> withdraws
/// a pending application. The request is recorded (the sweeper delivers it if the event is lost), then marked on the
/// application's row (so pages that hold the row know of it without a lookup), and the workflow ends the application,
/// records it and tells the citizen; reviewers' links say so from the mark on.
/// </summary>
public sealed partial class WithdrawalHandler(
    CitizenApplicationAccess access,
    PendingRequests pending,
    ApplicationRepository applications,
    CitizenAccessCodes accessCodes,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock,
    ILogger<WithdrawalHandler> logger)
{
    public async Task<IActionResult> ConfirmAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await access.FindAsync(request, procedureId, reference, cancellationToken);
        if (application is null)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        var language = LanguageNegotiation.FromRequest(request);
        var code = accessCodes.For(reference, application.Record.AccessKeyId);
        var statusPath = "/api/" + Routes.StatusPath(procedureId, reference, code) + "&lang=" + language.Code();
        if (!application.Record.StatusValue.IsPending() || application.Record.AwaitsWithdrawal)
        {
            // Nothing left to withdraw (decided, or already asked): the status page says where it stands.
            return Results.SeeOther(statusPath);
        }

        var postPath = "/api/" + Routes.WithdrawalPath(procedureId, reference, code) + "&lang=" + language.Code();
        return PageResults.Page(200, WithdrawalPage.Render(application, postPath, statusPath, language, PageLinks.OtherLanguage(request, language)));
    }

    public async Task<IActionResult> HandleAsync(HttpRequest request, string procedureId, string reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await access.FindAsync(request, procedureId, reference, cancellationToken);
        if (application is null)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        var language = LanguageNegotiation.FromRequest(request);
        var status = application.Record.StatusValue;
        if (!status.IsPending())
        {
            var detail = new Text("Cette demande n'est plus en cours (état : {0}) : elle ne peut plus être retirée.", "This application is no longer pending (status: {0}): it can no longer be withdrawn.");
            return Results.WantsHtml(request)
                ? PageResults.Page(409, Html.Message(new Text("Retrait impossible", "Cannot withdraw").In(language), detail.Format(language, status.Label().In(language)), "error", language, PageIdentity.Of(application.Commune)))
                : Problems.Simple(409, "not-pending", new("Retrait impossible", "Cannot withdraw"), new(detail.Format(Language.French, status.Label().Fr), detail.Format(Language.English, status.Label().En)), language, request.Path.Value ?? string.Empty);
        }

        var now = clock.GetUtcNow();
        await pending.RecordAsync(reference, RequestKind.Withdrawal, 0, now, cancellationToken);
        try
        {
            // After the request, never before: a row marked always has a request that the sweeper delivers. Without the
            // mark (this write failed, or the process died just before it) the withdrawal still happens; only a decision
            // taken in the meantime is not refused, the race there was before the mark.
            await applications.MarkWithdrawalRequestedAsync(reference, now, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogMarkFailed(exception, reference);
        }

        try
        {
            await durable.RaiseEventAsync(ApplicationReference.InstanceId(reference), WorkflowNames.WithdrawalEvent, new WithdrawalEvent(now), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDeliveryDeferred(exception, reference);
        }

        // Accepted, not done: the workflow records the withdrawal in a moment (the status page shows it as requested).
        var statusUrl = urls.Value.Api(Routes.StatusPath(procedureId, reference, accessCodes.For(reference, application.Record.AccessKeyId)));
        return Results.WantsHtml(request)
            ? Results.SeeOther(statusUrl)
            : Results.JsonBody(202, new { reference, status = "WithdrawalRequested", statusUrl }).WithHeader("Location", statusUrl);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Withdrawal of {Reference} recorded; its mark on the application's row could not be written")]
    private partial void LogMarkFailed(Exception exception, string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Withdrawal of {Reference} recorded; its event could not be raised now, the sweeper will deliver it")]
    private partial void LogDeliveryDeferred(Exception exception, string reference);
}
