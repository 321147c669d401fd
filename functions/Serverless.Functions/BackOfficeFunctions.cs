using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.BackOffice;
using Serverless.Core.Site;

namespace Serverless.Functions;

/// <summary>The agents' back office: sign-in by one-time link, the commune's list, an application's page and its actions.</summary>
public sealed class BackOfficeFunctions(
    SignInHandler signIn,
    ApplicationListHandler list,
    ApplicationPageHandler application,
    AgentDecisionHandler decisions,
    AssignmentHandler assignment,
    AgentNotesHandler notes,
    BulkDecisionHandler bulk,
    ExportHandler export,
    WebhooksPageHandler webhooks,
    UsagePageHandler usage)
{
    [Function(FunctionNames.ShowAgentHome)]
    public Task<IActionResult> ShowAgentHome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentHome)] HttpRequest request,
        CancellationToken cancellationToken) =>
        list.HandleAsync(request, cancellationToken);

    [Function(FunctionNames.RequestAgentSignIn)]
    public Task<IActionResult> RequestAgentSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AgentSignIn)] HttpRequest request,
        CancellationToken cancellationToken) =>
        signIn.RequestLinkAsync(request, cancellationToken);

    [Function(FunctionNames.ShowAgentSignIn)]
    public Task<IActionResult> ShowAgentSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentSignInLink)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        signIn.ShowLinkAsync(request, token, cancellationToken);

    [Function(FunctionNames.AgentSignIn)]
    public Task<IActionResult> AgentSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AgentSignInLink)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        signIn.SignInAsync(request, token, cancellationToken);

    [Function(FunctionNames.AgentSignOut)]
    public Task<IActionResult> AgentSignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AgentSignOut)] HttpRequest request,
        CancellationToken cancellationToken) =>
        signIn.SignOutAsync(request, cancellationToken);

    [Function(FunctionNames.ShowAgentApplication)]
    public Task<IActionResult> ShowAgentApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentApplication)] HttpRequest request,
        string reference,
        CancellationToken cancellationToken) =>
        application.ShowAsync(request, reference, cancellationToken);

    [Function(FunctionNames.RecordAgentDecision)]
    public Task<IActionResult> RecordAgentDecision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AgentDecision)] HttpRequest request,
        string reference,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        decisions.DecideAsync(request, reference, durable, cancellationToken);

    [Function(FunctionNames.DelegateAgentApplication)]
    public Task<IActionResult> DelegateAgentApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AgentDelegation)] HttpRequest request,
        string reference,
        CancellationToken cancellationToken) =>
        decisions.DelegateAsync(request, reference, cancellationToken);

    [Function(FunctionNames.AssignAgentApplication)]
    public Task<IActionResult> AssignAgentApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AgentAssignment)] HttpRequest request,
        string reference,
        CancellationToken cancellationToken) =>
        assignment.AssignAsync(request, reference, cancellationToken);

    [Function(FunctionNames.AddAgentNote)]
    public Task<IActionResult> AddAgentNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AgentNotes)] HttpRequest request,
        string reference,
        CancellationToken cancellationToken) =>
        notes.AddNoteAsync(request, reference, cancellationToken);

    [Function(FunctionNames.DownloadAgentAttachment)]
    public Task<IActionResult> DownloadAgentAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentAttachment)] HttpRequest request,
        string reference,
        string attachmentId,
        CancellationToken cancellationToken) =>
        application.AttachmentAsync(request, reference, attachmentId, cancellationToken);

    [Function(FunctionNames.RecordAgentBulkDecision)]
    public Task<IActionResult> RecordAgentBulkDecision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AgentBulkDecision)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        bulk.HandleAsync(request, durable, cancellationToken);

    [Function(FunctionNames.ExportAgentList)]
    public Task<IActionResult> ExportAgentList(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentExport)] HttpRequest request,
        CancellationToken cancellationToken) =>
        export.HandleAsync(request, cancellationToken);

    [Function(FunctionNames.ListAgentWebhooks)]
    public Task<IActionResult> ListAgentWebhooks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentWebhooks)] HttpRequest request,
        CancellationToken cancellationToken) =>
        webhooks.ListAsync(request, cancellationToken);

    [Function(FunctionNames.ShowAgentWebhookLog)]
    public Task<IActionResult> ShowAgentWebhookLog(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentWebhookLog)] HttpRequest request,
        string endpointId,
        CancellationToken cancellationToken) =>
        webhooks.ShowAsync(request, endpointId, cancellationToken);

    [Function(FunctionNames.RedeliverAgentWebhook)]
    public Task<IActionResult> RedeliverAgentWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AgentWebhookRedelivery)] HttpRequest request,
        string endpointId,
        CancellationToken cancellationToken) =>
        webhooks.RedeliverAsync(request, endpointId, cancellationToken);

    [Function(FunctionNames.ShowAgentUsage)]
    public Task<IActionResult> ShowAgentUsage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentUsage)] HttpRequest request,
        CancellationToken cancellationToken) =>
        usage.PageAsync(request, cancellationToken);

    [Function(FunctionNames.ExportAgentUsage)]
    public Task<IActionResult> ExportAgentUsage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentUsageCsv)] HttpRequest request,
        CancellationToken cancellationToken) =>
        usage.CsvAsync(request, cancellationToken);
}
