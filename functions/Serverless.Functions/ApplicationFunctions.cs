using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.Certificates;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Tracking;

namespace Serverless.Functions;

/// <summary>The citizen's side: the form, submission, status and certificate download.</summary>
public sealed class ApplicationFunctions(
    SubmitApplicationHandler submit,
    ProcedureFormHandler form,
    ApplicationStatusHandler status,
    CertificateDownloadHandler certificate,
    AccessArchiveHandler archive)
{
    [Function(FunctionNames.SubmitApplication)]
    public Task<IActionResult> SubmitApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.SubmitApplication)] HttpRequest request,
        string procedureId,
        CancellationToken cancellationToken) =>
        submit.HandleAsync(request, procedureId, cancellationToken);

    [Function(FunctionNames.GetProcedureForm)]
    public Task<IActionResult> GetProcedureForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ProcedureForm)] HttpRequest request,
        string procedureId,
        CancellationToken cancellationToken) =>
        form.HandleAsync(request, procedureId, cancellationToken);

    [Function(FunctionNames.GetApplicationStatus)]
    public Task<IActionResult> GetApplicationStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = Routes.ApplicationStatus)] HttpRequest request,
        string procedureId,
        string reference,
        CancellationToken cancellationToken) =>
        status.HandleAsync(request, procedureId, reference, cancellationToken);

    [Function(FunctionNames.DownloadCertificate)]
    public Task<IActionResult> DownloadCertificate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ApplicationCertificate)] HttpRequest request,
        string procedureId,
        string reference,
        CancellationToken cancellationToken) =>
        certificate.HandleAsync(request, procedureId, reference, cancellationToken);

    [Function(FunctionNames.DownloadApplicationArchive)]
    public Task<IActionResult> DownloadApplicationArchive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ApplicationArchive)] HttpRequest request,
        string procedureId,
        string reference,
        CancellationToken cancellationToken) =>
        archive.HandleAsync(request, procedureId, reference, cancellationToken);
}
