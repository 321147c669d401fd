using Microsoft.Extensions.Options;
using Serverless.Core.Applications;
using Serverless.Core.Http;
using Serverless.Core.Notifications;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow.Activities;

/// <summary>
/// Suspends the legal deadline and e-mails the citizen the agent's request, with the link to the correction page and
/// the date by which to answer. (The review page already recorded who asked what, and when.)
/// </summary>
public sealed class RequestChangesActivity(
    ApplicationRepository applications,
    ApplicationLoader loader,
    EmailSender email,
    CitizenAccessCodes accessCodes,
    IOptions<PublicUrlOptions> urls)
{
    public async Task RunAsync(ChangeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await applications.MergeAsync(
            request.Reference,
            new Dictionary<string, object?>
            {
                [nameof(ApplicationRecord.Status)] = nameof(ApplicationStatus.ChangesRequested),
                [nameof(ApplicationRecord.DeadlineSuspended)] = true,
                [nameof(ApplicationRecord.AnswerDueAt)] = request.AnswerDueAt,
                [nameof(ApplicationRecord.ChangeMessage)] = request.Message,
                [nameof(ApplicationRecord.ChangeFields)] = string.Join(',', request.Fields),
            },
            CancellationToken.None);
        var application = await loader.GetAsync(request.Reference, CancellationToken.None);
        var code = accessCodes.For(request.Reference);
        var correctionUrl = urls.Value.Api(Routes.CorrectionPath(application.Procedure.Id, request.Reference, code));
        await email.SendAsync(CitizenEmails.ChangesRequested(application, request.Message, request.Fields, correctionUrl, request.AnswerDueAt), CancellationToken.None);
    }
}
