using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Localization;
using Serverless.Core.Pages;
using Serverless.Core.Storage;
using Serverless.Core.Workflow;

namespace Serverless.Core.Http;

/// <summary>
/// <c>POST /api/procedures/{procedureId}/applications/{reference}/withdrawal?access=…</c>: the citizen withdraws a
/// pending application; the workflow ends it and reviewers' links then say so.
/// </summary>
public sealed class WithdrawalHandler(
    CitizenApplicationAccess access,
    ApplicationRepository applications,
    AuditTrail audit,
    CitizenAccessCodes accessCodes,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock)
{
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
                ? Results.Html(409, Html.Message(new Text("Retrait impossible", "Cannot withdraw").In(language), detail.Format(language, status.Label().In(language)), "error", language, application.Commune.Name))
                : Problems.Simple(409, "not-pending", new("Retrait impossible", "Cannot withdraw"), new(detail.Format(Language.French, status.Label().Fr), detail.Format(Language.English, status.Label().En)), language, request.Path.Value ?? string.Empty);
        }

        var now = clock.GetUtcNow();
        await applications.UpdateStatusAsync(reference, ApplicationStatus.Withdrawn, cancellationToken);
        await audit.RecordAsync(reference, "http-090-withdrawal", new AuditEntry(AuditAction.Withdrawn, now, AuditActors.Citizen(application.Record.CitizenEmail), string.Empty), cancellationToken);
        await durable.RaiseEventAsync(ApplicationReference.InstanceId(reference), WorkflowNames.WithdrawalEvent, new WithdrawalEvent(now), cancellationToken);

        var statusUrl = urls.Value.Api(Routes.StatusPath(procedureId, reference, accessCodes.For(reference)));
        return Results.WantsHtml(request)
            ? Results.SeeOther(statusUrl)
            : Results.JsonBody(200, new { reference, status = nameof(ApplicationStatus.Withdrawn), statusUrl });
    }
}
