using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Notices;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;

namespace Serverless.Core.Corrections;

/// <summary>
/// Acts on an agent's request for changes: records it in the audit trail, suspends the legal deadline and e-mails the
/// citizen the request, with the link to the correction page and the date by which to answer.
/// </summary>
public sealed class RequestChangesActivity(
    ApplicationStatusWriter status,
    ApplicationLoader loader,
    RecordedRequests requests,
    EmailOutbox outbox,
    CitizenAccessCodes accessCodes,
    FaultInjection faults,
    IOptions<PublicUrlOptions> urls)
{
    public async Task RunAsync(ChangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await requests.ApplyDecisionAsync(request.Reference, request.Round, CancellationToken.None);
        await status.TransitionAsync(
            request.Reference,
            new StatusChange(ApplicationStatus.ChangesRequested)
            {
                DeadlineSuspended = true,
                AnswerDueAt = request.AnswerDueAt,
                ChangeMessage = request.Message,
                ChangeFields = string.Join(',', request.Fields),
            },
            CancellationToken.None);
        var application = await loader.GetAsync(request.Reference, CancellationToken.None);
        var code = accessCodes.For(request.Reference, application.Record.AccessKeyId);
        var correctionUrl = urls.Value.Api(Routes.CorrectionPath(application.Procedure.Id, request.Reference, code));
        await outbox.SendOnceAsync(
            request.Reference,
            OutboxSteps.ChangesRequested(request.Round),
            CitizenEmails.ChangesRequested(application, request.Message, request.Fields, correctionUrl, request.AnswerDueAt),
            CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.RequestChanges, request.Reference);
    }
}
