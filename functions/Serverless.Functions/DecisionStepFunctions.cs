using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Certificates;
using Serverless.Core.Notices;
using Serverless.Core.Orchestration;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>
/// The workflow's activities of the outcome (closing, the certificate, the citizen's notice, the reviewers' revocation
/// links), delegating to Core.
/// </summary>
public sealed class DecisionStepFunctions(
    CloseApplicationActivity closeApplication,
    IssueCertificateActivity issueCertificate,
    NotifyCitizenActivity notifyCitizen,
    SendRevocationLinkActivity sendRevocationLink)
{
    [Function(ActivityNames.CloseApplication)]
    public Task CloseApplication([ActivityTrigger] Closing closing) => closeApplication.RunAsync(closing);

    [Function(ActivityNames.IssueCertificate)]
    public Task<IssuedCertificate> IssueCertificate([ActivityTrigger] CertificateRequest request) => issueCertificate.RunAsync(request);

    [Function(ActivityNames.NotifyCitizen)]
    public Task NotifyCitizen([ActivityTrigger] CitizenNotice notice) => notifyCitizen.RunAsync(notice);

    [Function(ActivityNames.SendRevocationLink)]
    public Task SendRevocationLink([ActivityTrigger] RevocationLink link) => sendRevocationLink.RunAsync(link);
}
