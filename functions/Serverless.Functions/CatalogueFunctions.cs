using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;

namespace Serverless.Functions;

/// <summary>The catalogue for web pages and widgets, and the API's own description.</summary>
public sealed class CatalogueFunctions(CatalogueHandler catalogue, OpenApiHandler openApi, EmbedScriptHandler embedScript, EmbedFrameHandler embedFrame)
{
    [Function(FunctionNames.ListProcedures)]
    public IActionResult ListProcedures(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = Routes.ListProcedures)] HttpRequest request) =>
        catalogue.List(request);

    [Function(FunctionNames.GetProcedure)]
    public IActionResult GetProcedure(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "options", Route = Routes.GetProcedure)] HttpRequest request,
        string procedureId) =>
        catalogue.Get(request, procedureId);

    [Function(FunctionNames.GetOpenApi)]
    public IActionResult GetOpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenApi)] HttpRequest request) =>
        openApi.Handle();

    [Function(FunctionNames.GetEmbedScript)]
    public IActionResult GetEmbedScript(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.EmbedScript)] HttpRequest request) =>
        embedScript.Handle(request);

    [Function(FunctionNames.GetProcedureEmbed)]
    public IActionResult GetProcedureEmbed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ProcedureEmbed)] HttpRequest request,
        string procedureId) =>
        embedFrame.Handle(request, procedureId);
}
