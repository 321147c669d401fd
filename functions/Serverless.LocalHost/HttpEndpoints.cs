using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.DurableTask.Client;
using Serverless.Core.BackOffice;
using Serverless.Core.Http;
using Serverless.Core.OpenData;
using Serverless.Core.Transparency;

namespace Serverless.LocalHost;

/// <summary>One HTTP function as the local host serves it: the same name, method and route as in the Functions app.</summary>
public sealed record HttpEndpoint(string FunctionName, string Method, string Route, Func<HttpContext, Task<IActionResult>> Handle);

/// <summary>Maps Core's handlers under <c>/api</c>, exactly as the Functions app's HTTP triggers declare them.</summary>
public static class HttpEndpoints
{
    public static IReadOnlyList<HttpEndpoint> All { get; } =
    [
        new(FunctionNames.SubmitApplication, "POST", Routes.SubmitApplication, context =>
            Handler<SubmitApplicationHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), context.RequestAborted)),
        new(FunctionNames.GetProcedureForm, "GET", Routes.ProcedureForm, context =>
            Task.FromResult(Handler<ProcedureFormHandler>(context).Handle(context.Request, Route(context, "procedureId")))),
        new(FunctionNames.GetApplicationStatus, "GET", Routes.ApplicationStatus, context =>
            Handler<ApplicationStatusHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.DownloadCertificate, "GET", Routes.ApplicationCertificate, context =>
            Handler<CertificateDownloadHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.ShowReviewPage, "GET", Routes.Review, context =>
            Handler<ReviewHandler>(context).ShowAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.RecordReviewDecision, "POST", Routes.Review, context =>
            Handler<ReviewHandler>(context).DecideAsync(context.Request, Route(context, "token"), Durable(context), context.RequestAborted)),
        new(FunctionNames.DownloadReviewAttachment, "GET", Routes.ReviewAttachment, context =>
            Handler<ReviewHandler>(context).AttachmentAsync(Route(context, "token"), Route(context, "attachmentId"), context.RequestAborted)),
        new(FunctionNames.ShowCorrectionPage, "GET", Routes.Correction, context =>
            Handler<CorrectionHandler>(context).ShowAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.SubmitCorrection, "POST", Routes.Correction, context =>
            Handler<CorrectionHandler>(context).SubmitAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), Durable(context), context.RequestAborted)),
        new(FunctionNames.ShowWithdrawalPage, "GET", Routes.Withdrawal, context =>
            Handler<WithdrawalHandler>(context).ConfirmAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.CreateDraft, "POST", Routes.CreateDraft, context =>
            Handler<DraftHandler>(context).CreateAsync(context.Request, Route(context, "procedureId"), context.RequestAborted)),
        new(FunctionNames.ShowDraft, "GET", Routes.Draft, context =>
            Handler<DraftHandler>(context).ShowAsync(context.Request, Route(context, "procedureId"), Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.UpdateDraft, "POST", Routes.Draft, context =>
            Handler<DraftHandler>(context).UpdateAsync(context.Request, Route(context, "procedureId"), Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.ShowReceipt, "GET", Routes.ApplicationReceipt, context =>
            Handler<ReceiptHandler>(context).PageAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.DownloadReceiptPdf, "GET", Routes.ApplicationReceiptPdf, context =>
            Handler<ReceiptHandler>(context).PdfAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.WithdrawApplication, "POST", Routes.Withdrawal, context =>
            Handler<WithdrawalHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), Durable(context), context.RequestAborted)),
        new(FunctionNames.VerifyCertificate, "GET", Routes.VerifyCertificate, context =>
            Handler<VerifyCertificateHandler>(context).HandleAsync(context.Request, Route(context, "number"), context.RequestAborted)),
        new(FunctionNames.ListProcedures, "GET", Routes.ListProcedures, context =>
            Task.FromResult(Handler<CatalogueHandler>(context).List(context.Request))),
        new(FunctionNames.GetProcedure, "GET", Routes.GetProcedure, context =>
            Task.FromResult(Handler<CatalogueHandler>(context).Get(context.Request, Route(context, "procedureId")))),
        new(FunctionNames.GetOpenApi, "GET", Routes.OpenApi, context =>
            Task.FromResult(Handler<OpenApiHandler>(context).Handle())),
        new(FunctionNames.GetEmbedScript, "GET", Routes.EmbedScript, context =>
            Task.FromResult(Handler<EmbedScriptHandler>(context).Handle(context.Request))),
        new(FunctionNames.GetProcedureEmbed, "GET", Routes.ProcedureEmbed, context =>
            Task.FromResult(Handler<EmbedFrameHandler>(context).Handle(context.Request, Route(context, "procedureId")))),
        new(FunctionNames.VerifyCertificateFile, "POST", Routes.VerifyFile, context =>
            Handler<VerifyCertificateFileHandler>(context).HandleAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ShowRevocationPage, "GET", Routes.Revoke, context =>
            Handler<RevocationHandler>(context).ShowAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.RevokeCertificate, "POST", Routes.Revoke, context =>
            Handler<RevocationHandler>(context).RevokeAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.GetHealth, "GET", Routes.Health, context =>
            Handler<HealthHandler>(context).HandleAsync(Durable(context), context.RequestAborted)),
        new(FunctionNames.DownloadApplicationArchive, "GET", Routes.ApplicationArchive, context =>
            Handler<AccessArchiveHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.GetLogCheckpoint, "GET", Routes.TransparencyCheckpoint, context =>
            Handler<TransparencyHandler>(context).CheckpointAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.GetLogKey, "GET", Routes.TransparencyKey, context =>
            Task.FromResult(Handler<TransparencyHandler>(context).Key(context.Request, Route(context, "communeId")))),
        new(FunctionNames.GetLogEntries, "GET", Routes.TransparencyEntries, context =>
            Handler<TransparencyHandler>(context).EntriesAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.GetInclusionProof, "GET", Routes.TransparencyInclusion, context =>
            Handler<TransparencyHandler>(context).InclusionAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.GetConsistencyProof, "GET", Routes.TransparencyConsistency, context =>
            Handler<TransparencyHandler>(context).ConsistencyAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.ListLogTimestamps, "GET", Routes.TransparencyTimestamps, context =>
            Handler<TimestampHandler>(context).ListAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.GetLogTimestamp, "GET", Routes.TransparencyTimestamp, context =>
            Handler<TimestampHandler>(context).TokenAsync(context.Request, Route(context, "communeId"), Route(context, "size"), context.RequestAborted)),
        new(FunctionNames.RequestErasure, "POST", Routes.ErasureRequest, context =>
            Handler<ErasureRequestHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.ShowErasurePage, "GET", Routes.ErasureConfirmation, context =>
            Handler<ErasureConfirmationHandler>(context).ShowAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.ConfirmErasure, "POST", Routes.ErasureConfirmation, context =>
            Handler<ErasureConfirmationHandler>(context).ConfirmAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.GetOpenDataSchema, "GET", Routes.OpenDataSchema, _ =>
            Task.FromResult(OpenDataHandler.Schema())),
        new(FunctionNames.GetOpenDataCsv, "GET", Routes.OpenDataCsv, context =>
            Handler<OpenDataHandler>(context).CsvAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.GetOpenDataJson, "GET", Routes.OpenDataJson, context =>
            Handler<OpenDataHandler>(context).JsonAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.ShowOpenDataPage, "GET", Routes.OpenDataPage, context =>
            Handler<OpenDataHandler>(context).PageAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.ShowAgentHome, "GET", Routes.AgentHome, context =>
            Handler<ApplicationListHandler>(context).HandleAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.RequestAgentSignIn, "POST", Routes.AgentSignIn, context =>
            Handler<SignInHandler>(context).RequestLinkAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ShowAgentSignIn, "GET", Routes.AgentSignInLink, context =>
            Handler<SignInHandler>(context).ShowLinkAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.AgentSignIn, "POST", Routes.AgentSignInLink, context =>
            Handler<SignInHandler>(context).SignInAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.AgentSignOut, "POST", Routes.AgentSignOut, context =>
            Handler<SignInHandler>(context).SignOutAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ShowAgentApplication, "GET", Routes.AgentApplication, context =>
            Handler<ApplicationPageHandler>(context).ShowAsync(context.Request, Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.RecordAgentDecision, "POST", Routes.AgentDecision, context =>
            Handler<ApplicationPageHandler>(context).DecideAsync(context.Request, Route(context, "reference"), Durable(context), context.RequestAborted)),
        new(FunctionNames.DelegateAgentApplication, "POST", Routes.AgentDelegation, context =>
            Handler<ApplicationPageHandler>(context).DelegateAsync(context.Request, Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.AssignAgentApplication, "POST", Routes.AgentAssignment, context =>
            Handler<ApplicationPageHandler>(context).AssignAsync(context.Request, Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.AddAgentNote, "POST", Routes.AgentNotes, context =>
            Handler<ApplicationPageHandler>(context).AddNoteAsync(context.Request, Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.DownloadAgentAttachment, "GET", Routes.AgentAttachment, context =>
            Handler<ApplicationPageHandler>(context).AttachmentAsync(context.Request, Route(context, "reference"), Route(context, "attachmentId"), context.RequestAborted)),
        new(FunctionNames.RecordAgentBulkDecision, "POST", Routes.AgentBulkDecision, context =>
            Handler<BulkDecisionHandler>(context).HandleAsync(context.Request, Durable(context), context.RequestAborted)),
        new(FunctionNames.ExportAgentList, "GET", Routes.AgentExport, context =>
            Handler<ExportHandler>(context).HandleAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ListAgentWebhooks, "GET", Routes.AgentWebhooks, context =>
            Handler<WebhooksPageHandler>(context).ListAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ShowAgentWebhookLog, "GET", Routes.AgentWebhookLog, context =>
            Handler<WebhooksPageHandler>(context).ShowAsync(context.Request, Route(context, "endpointId"), context.RequestAborted)),
        new(FunctionNames.RedeliverAgentWebhook, "POST", Routes.AgentWebhookRedelivery, context =>
            Handler<WebhooksPageHandler>(context).RedeliverAsync(context.Request, Route(context, "endpointId"), context.RequestAborted)),
        new(FunctionNames.ShowAgentUsage, "GET", Routes.AgentUsage, context =>
            Handler<UsagePageHandler>(context).PageAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ExportAgentUsage, "GET", Routes.AgentUsageCsv, context =>
            Handler<UsagePageHandler>(context).CsvAsync(context.Request, context.RequestAborted)),
        // The Functions app's catch-all takes every method; here the other methods get the edge's 404/405.
        new(FunctionNames.Fallback, "GET", Routes.Fallback, context =>
            Task.FromResult(FallbackHandler.Handle(context.Request))),
    ];

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var endpoint in All)
        {
            app.MapMethods("/api/" + endpoint.Route, [endpoint.Method], async context =>
            {
                var result = await endpoint.Handle(context);
                await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
            }).WithName(endpoint.FunctionName);
        }
    }

    private static T Handler<T>(HttpContext context)
        where T : notnull => context.RequestServices.GetRequiredService<T>();

    private static DurableTaskClient Durable(HttpContext context) => context.RequestServices.GetRequiredService<DurableTaskClient>();

    private static string Route(HttpContext context, string name) => context.GetRouteValue(name)?.ToString() ?? string.Empty;
}
