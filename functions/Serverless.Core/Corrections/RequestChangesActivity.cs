using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Notices;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;
using Serverless.Platform.Email;

namespace Serverless.Core.Corrections;

/// <summary>
/// Acts on an agent's request for changes: records it in the audit trail, suspends the legal deadline and e-mails the
/// citizen the request, with the link to the correction page and the date by which to answer. For an application of
/// the partition layout (decision 0012) the status, the decision's audit row and the citizen's outbox row are one
/// entity-group transaction, read with the decision in one query; a run after a committed one writes nothing twice
/// (the outbox row's key is the round's). An application of before keeps the separate writes of before.
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
        var (record, decisionRow) = await requests.ApplicationWithDecisionRowAsync(request.Reference, CancellationToken.None);
        if (record is null)
        {
            throw new InvalidOperationException($"Application {request.Reference} not found.");
        }

        var change = new StatusChange(ApplicationStatus.ChangesRequested)
        {
            DeadlineSuspended = true,
            AnswerDueAt = request.AnswerDueAt,
            ChangeMessage = request.Message,
            ChangeFields = string.Join(',', request.Fields),
        };
        if (record.InPartition && record.ReviewRound == request.Round)
        {
            var application = await loader.LoadAsync(record, CancellationToken.None)
                ?? throw new InvalidOperationException($"Application {request.Reference}: its procedure version cannot be read.");
            var queued = await outbox.PrepareQueuedAsync(request.Reference, OutboxSteps.ChangesRequested(request.Round), Email(application, request), onSend: null, CancellationToken.None);
            await status.CommitStepAsync(request.Reference, record, _ => change, decisionRow is null ? [] : [decisionRow], [queued], CancellationToken.None);
            await requests.CompleteDecisionAsync(request.Reference, request.Round, CancellationToken.None);
            await outbox.RequestDeliveriesAsync([queued], CancellationToken.None);
            faults.AfterSideEffect(ActivityNames.RequestChanges, request.Reference);
            return;
        }

        if (record.InPartition || record.ReviewRound != request.Round)
        {
            // The read above applied the decision of the round the row is in, and only for an application of before:
            // the request's own round is applied here (audited once, whoever runs it again).
            await requests.ApplyDecisionAsync(request.Reference, request.Round, CancellationToken.None);
        }

        await status.TransitionAsync(record, change, CancellationToken.None);
        var loaded = await loader.GetAsync(request.Reference, CancellationToken.None);
        await outbox.SendOnceAsync(request.Reference, OutboxSteps.ChangesRequested(request.Round), Email(loaded, request), CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.RequestChanges, request.Reference);
    }

    private EmailMessage Email(LoadedApplication application, ChangeRequest request)
    {
        var code = accessCodes.For(request.Reference, application.Record.AccessKeyId);
        var correctionUrl = urls.Value.Api(Routes.CorrectionPath(application.Procedure.Id, request.Reference, code));
        return CitizenEmails.ChangesRequested(application, request.Message, request.Fields, correctionUrl, request.AnswerDueAt);
    }
}
