using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.BackOffice;
using Serverless.Core.Certificates;
using Serverless.Core.Corrections;
using Serverless.Core.Drafts;
using Serverless.Core.Edge;
using Serverless.Core.OpenData;
using Serverless.Core.Procedures;
using Serverless.Core.Receipts;
using Serverless.Core.Retention;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Tracking;
using Serverless.Core.Transparency;
using Serverless.Core.Withdrawal;
using Serverless.Platform.Http;

namespace Serverless.LocalHost;

/// <summary>One HTTP function as the local host serves it: the same name, methods and route as in the Functions app.</summary>
public sealed record HttpEndpoint(string FunctionName, IReadOnlyList<string> Methods, string Route, Func<HttpContext, Task<IActionResult>> Handle)
{
    public HttpFunctionRoute Declaration => new(FunctionName, Methods, Route);
}

/// <summary>
/// Serves Core's handlers under <c>/api</c> as the Functions app's HTTP triggers declare them, through the route table
/// the Functions host builds (<see cref="FunctionsHostRouteTable"/>: routes tried in the order of the function names,
/// first match wins), so that a request reaches here the function it reaches in Azure.
/// </summary>
public static class HttpEndpoints
{
    public static IReadOnlyList<HttpEndpoint> All { get; } =
    [
        new(FunctionNames.SubmitApplication, ["post", "options"], Routes.SubmitApplication, context =>
            Handler<SubmitApplicationHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), context.RequestAborted)),
        new(FunctionNames.GetProcedureForm, ["get"], Routes.ProcedureForm, context =>
            Task.FromResult(Handler<ProcedureFormHandler>(context).Handle(context.Request, Route(context, "procedureId")))),
        new(FunctionNames.GetApplicationStatus, ["get", "options"], Routes.ApplicationStatus, context =>
            Handler<ApplicationStatusHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.DownloadCertificate, ["get"], Routes.ApplicationCertificate, context =>
            Handler<CertificateDownloadHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.ShowReviewPage, ["get"], Routes.Review, context =>
            Handler<ReviewHandler>(context).ShowAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.RecordReviewDecision, ["post"], Routes.Review, context =>
            Handler<ReviewHandler>(context).DecideAsync(context.Request, Route(context, "token"), Durable(context), context.RequestAborted)),
        new(FunctionNames.DownloadReviewAttachment, ["get"], Routes.ReviewAttachment, context =>
            Handler<ReviewHandler>(context).AttachmentAsync(Route(context, "token"), Route(context, "attachmentId"), context.RequestAborted)),
        new(FunctionNames.ShowCorrectionPage, ["get"], Routes.Correction, context =>
            Handler<CorrectionHandler>(context).ShowAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.SubmitCorrection, ["post", "options"], Routes.Correction, context =>
            Handler<CorrectionHandler>(context).SubmitAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), Durable(context), context.RequestAborted)),
        new(FunctionNames.ShowWithdrawalPage, ["get"], Routes.Withdrawal, context =>
            Handler<WithdrawalHandler>(context).ConfirmAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.CreateDraft, ["post", "options"], Routes.CreateDraft, context =>
            Handler<DraftHandler>(context).CreateAsync(context.Request, Route(context, "procedureId"), context.RequestAborted)),
        new(FunctionNames.ShowDraft, ["get"], Routes.Draft, context =>
            Handler<DraftHandler>(context).ShowAsync(context.Request, Route(context, "procedureId"), Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.UpdateDraft, ["post"], Routes.Draft, context =>
            Handler<DraftHandler>(context).UpdateAsync(context.Request, Route(context, "procedureId"), Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.ShowReceipt, ["get"], Routes.ApplicationReceipt, context =>
            Handler<ReceiptHandler>(context).PageAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.DownloadReceiptPdf, ["get"], Routes.ApplicationReceiptPdf, context =>
            Handler<ReceiptHandler>(context).PdfAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.WithdrawApplication, ["post", "options"], Routes.Withdrawal, context =>
            Handler<WithdrawalHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), Durable(context), context.RequestAborted)),
        new(FunctionNames.VerifyCertificate, ["get"], Routes.VerifyCertificate, context =>
            Handler<VerifyCertificateHandler>(context).HandleAsync(context.Request, Route(context, "number"), context.RequestAborted)),
        new(FunctionNames.ListProcedures, ["get", "options"], Routes.ListProcedures, context =>
            Task.FromResult(Handler<CatalogueHandler>(context).List(context.Request))),
        new(FunctionNames.GetProcedure, ["get", "options"], Routes.GetProcedure, context =>
            Task.FromResult(Handler<CatalogueHandler>(context).Get(context.Request, Route(context, "procedureId")))),
        new(FunctionNames.GetOpenApi, ["get"], Routes.OpenApi, context =>
            Task.FromResult(Handler<OpenApiHandler>(context).Handle())),
        new(FunctionNames.GetEmbedScript, ["get"], Routes.EmbedScript, context =>
            Task.FromResult(Handler<EmbedScriptHandler>(context).Handle(context.Request))),
        new(FunctionNames.GetProcedureEmbed, ["get"], Routes.ProcedureEmbed, context =>
            Task.FromResult(Handler<EmbedFrameHandler>(context).Handle(context.Request, Route(context, "procedureId")))),
        new(FunctionNames.VerifyCertificateFile, ["post", "options"], Routes.VerifyFile, context =>
            Handler<VerifyCertificateFileHandler>(context).HandleAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ShowRevocationPage, ["get"], Routes.Revoke, context =>
            Handler<RevocationHandler>(context).ShowAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.RevokeCertificate, ["post"], Routes.Revoke, context =>
            Handler<RevocationHandler>(context).RevokeAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.GetHealth, ["get"], Routes.Health, context =>
            Handler<HealthHandler>(context).HandleAsync(Durable(context), context.RequestAborted)),
        new(FunctionNames.DownloadApplicationArchive, ["get"], Routes.ApplicationArchive, context =>
            Handler<AccessArchiveHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.GetLogCheckpoint, ["get"], Routes.TransparencyCheckpoint, context =>
            Handler<TransparencyHandler>(context).CheckpointAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.GetLogKey, ["get"], Routes.TransparencyKey, context =>
            Task.FromResult(Handler<TransparencyHandler>(context).Key(context.Request, Route(context, "communeId")))),
        new(FunctionNames.GetLogEntries, ["get"], Routes.TransparencyEntries, context =>
            Handler<TransparencyHandler>(context).EntriesAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.GetInclusionProof, ["get"], Routes.TransparencyInclusion, context =>
            Handler<TransparencyHandler>(context).InclusionAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.GetConsistencyProof, ["get"], Routes.TransparencyConsistency, context =>
            Handler<TransparencyHandler>(context).ConsistencyAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.ListLogTimestamps, ["get"], Routes.TransparencyTimestamps, context =>
            Handler<TimestampHandler>(context).ListAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.GetLogTimestamp, ["get"], Routes.TransparencyTimestamp, context =>
            Handler<TimestampHandler>(context).TokenAsync(context.Request, Route(context, "communeId"), Route(context, "size"), context.RequestAborted)),
        new(FunctionNames.RequestErasure, ["post"], Routes.ErasureRequest, context =>
            Handler<ErasureRequestHandler>(context).HandleAsync(context.Request, Route(context, "procedureId"), Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.ShowErasurePage, ["get"], Routes.ErasureConfirmation, context =>
            Handler<ErasureConfirmationHandler>(context).ShowAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.ConfirmErasure, ["post"], Routes.ErasureConfirmation, context =>
            Handler<ErasureConfirmationHandler>(context).ConfirmAsync(context.Request, Route(context, "token"), Durable(context), context.RequestAborted)),
        new(FunctionNames.GetOpenDataSchema, ["get"], Routes.OpenDataSchema, _ =>
            Task.FromResult(OpenDataHandler.Schema())),
        new(FunctionNames.GetOpenDataCsv, ["get"], Routes.OpenDataCsv, context =>
            Handler<OpenDataHandler>(context).CsvAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.GetOpenDataJson, ["get"], Routes.OpenDataJson, context =>
            Handler<OpenDataHandler>(context).JsonAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.ShowOpenDataPage, ["get"], Routes.OpenDataPage, context =>
            Handler<OpenDataHandler>(context).PageAsync(context.Request, Route(context, "communeId"), context.RequestAborted)),
        new(FunctionNames.ShowAgentHome, ["get"], Routes.AgentHome, context =>
            Handler<ApplicationListHandler>(context).HandleAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.RequestAgentSignIn, ["post"], Routes.AgentSignIn, context =>
            Handler<SignInHandler>(context).RequestLinkAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ShowAgentSignIn, ["get"], Routes.AgentSignInLink, context =>
            Handler<SignInHandler>(context).ShowLinkAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.AgentSignIn, ["post"], Routes.AgentSignInLink, context =>
            Handler<SignInHandler>(context).SignInAsync(context.Request, Route(context, "token"), context.RequestAborted)),
        new(FunctionNames.AgentSignOut, ["post"], Routes.AgentSignOut, context =>
            Handler<SignInHandler>(context).SignOutAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ShowAgentApplication, ["get"], Routes.AgentApplication, context =>
            Handler<ApplicationPageHandler>(context).ShowAsync(context.Request, Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.RecordAgentDecision, ["post"], Routes.AgentDecision, context =>
            Handler<AgentDecisionHandler>(context).DecideAsync(context.Request, Route(context, "reference"), Durable(context), context.RequestAborted)),
        new(FunctionNames.DelegateAgentApplication, ["post"], Routes.AgentDelegation, context =>
            Handler<AgentDecisionHandler>(context).DelegateAsync(context.Request, Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.AssignAgentApplication, ["post"], Routes.AgentAssignment, context =>
            Handler<AssignmentHandler>(context).AssignAsync(context.Request, Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.AddAgentNote, ["post"], Routes.AgentNotes, context =>
            Handler<AgentNotesHandler>(context).AddNoteAsync(context.Request, Route(context, "reference"), context.RequestAborted)),
        new(FunctionNames.DownloadAgentAttachment, ["get"], Routes.AgentAttachment, context =>
            Handler<ApplicationPageHandler>(context).AttachmentAsync(context.Request, Route(context, "reference"), Route(context, "attachmentId"), context.RequestAborted)),
        new(FunctionNames.RecordAgentBulkDecision, ["post"], Routes.AgentBulkDecision, context =>
            Handler<BulkDecisionHandler>(context).HandleAsync(context.Request, Durable(context), context.RequestAborted)),
        new(FunctionNames.ExportAgentList, ["get"], Routes.AgentExport, context =>
            Handler<ExportHandler>(context).HandleAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ListAgentWebhooks, ["get"], Routes.AgentWebhooks, context =>
            Handler<WebhooksPageHandler>(context).ListAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ShowAgentWebhookLog, ["get"], Routes.AgentWebhookLog, context =>
            Handler<WebhooksPageHandler>(context).ShowAsync(context.Request, Route(context, "endpointId"), context.RequestAborted)),
        new(FunctionNames.RedeliverAgentWebhook, ["post"], Routes.AgentWebhookRedelivery, context =>
            Handler<WebhooksPageHandler>(context).RedeliverAsync(context.Request, Route(context, "endpointId"), context.RequestAborted)),
        new(FunctionNames.ShowAgentUsage, ["get"], Routes.AgentUsage, context =>
            Handler<UsagePageHandler>(context).PageAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.ExportAgentUsage, ["get"], Routes.AgentUsageCsv, context =>
            Handler<UsagePageHandler>(context).CsvAsync(context.Request, context.RequestAborted)),
        new(FunctionNames.Fallback, ["get", "post", "put", "delete", "patch", "options", "head"], Routes.Fallback, context =>
            Task.FromResult(FallbackHandler.Handle(context.Request))),
    ];

    public static IReadOnlyList<HttpFunctionRoute> Declarations { get; } = [.. All.Select(endpoint => endpoint.Declaration)];

    /// <summary>The Functions host's router over <see cref="All"/>, each function running its Core handler.</summary>
    public static IRouter Router(IInlineConstraintResolver constraintResolver)
    {
        var byName = All.ToDictionary(endpoint => endpoint.FunctionName, StringComparer.OrdinalIgnoreCase);
        return FunctionsHostRouteTable.Build(Declarations, constraintResolver, declaration => async context =>
        {
            // The request's span is named after its route, as endpoint routing would name it (the router sets no endpoint).
            if (System.Diagnostics.Activity.Current is { } span)
            {
                var route = $"/{FunctionsHostRouteTable.RoutePrefix}/{declaration.Route}";
                span.DisplayName = $"{context.Request.Method} {route}";
                span.SetTag("http.route", route);
            }

            var result = await byName[declaration.FunctionName].Handle(context);
            await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
        });
    }

    public static void Map(IApplicationBuilder app) =>
        app.UseRouter(Router(app.ApplicationServices.GetRequiredService<IInlineConstraintResolver>()));

    private static T Handler<T>(HttpContext context)
        where T : notnull => context.RequestServices.GetRequiredService<T>();

    private static DurableTaskClient Durable(HttpContext context) => context.RequestServices.GetRequiredService<DurableTaskClient>();

    private static string Route(HttpContext context, string name) => context.GetRouteValue(name)?.ToString() ?? string.Empty;
}
