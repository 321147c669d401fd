using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.OpenData;
using Serverless.Core.Site;

namespace Serverless.Functions;

/// <summary>Published statistics (public, no personal data) and the nightly run that folds the facts and publishes them.</summary>
public sealed class OpenDataFunctions(OpenDataHandler openData, NightlyStatistics nightly)
{
    /// <summary>02:30 UTC: after the day's last checkpoint (23:59), when nobody is using the service.</summary>
    public const string PublishSchedule = "0 30 2 * * *";

    [Function(FunctionNames.GetOpenDataSchema)]
    public static IActionResult GetOpenDataSchema([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenDataSchema)] HttpRequest request) =>
        OpenDataHandler.Schema();

    [Function(FunctionNames.GetOpenDataCsv)]
    public Task<IActionResult> GetOpenDataCsv(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenDataCsv)] HttpRequest request,
        string communeId,
        CancellationToken cancellationToken) =>
        openData.CsvAsync(request, communeId, cancellationToken);

    [Function(FunctionNames.GetOpenDataJson)]
    public Task<IActionResult> GetOpenDataJson(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenDataJson)] HttpRequest request,
        string communeId,
        CancellationToken cancellationToken) =>
        openData.JsonAsync(request, communeId, cancellationToken);

    [Function(FunctionNames.ShowOpenDataPage)]
    public Task<IActionResult> ShowOpenDataPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenDataPage)] HttpRequest request,
        string communeId,
        CancellationToken cancellationToken) =>
        openData.PageAsync(request, communeId, cancellationToken);

    [Function(nameof(PublishOpenData))]
    public Task PublishOpenData([TimerTrigger(PublishSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        nightly.RunAsync(cancellationToken);
}
