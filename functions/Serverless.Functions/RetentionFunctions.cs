using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.Retention;
using Serverless.Core.Site;

namespace Serverless.Functions;

/// <summary>RGPD retention: the hourly timer that warns and erases, the citizen's erasure request and the agents' confirmation.</summary>
public sealed class RetentionFunctions(RetentionSweep sweep, ErasureRequestHandler requests, ErasureConfirmationHandler confirmations)
{
    /// <summary>Every hour: warnings and erasures fall due by the hour at most late, which no retention period notices.</summary>
    public const string Schedule = "0 17 * * * *";

    [Function(nameof(ApplyRetention))]
    public Task ApplyRetention([TimerTrigger(Schedule)] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken) =>
        sweep.RunAsync(durable, cancellationToken);

    [Function(FunctionNames.RequestErasure)]
    public Task<IActionResult> RequestErasure(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ErasureRequest)] HttpRequest request,
        string procedureId,
        string reference,
        CancellationToken cancellationToken) =>
        requests.HandleAsync(request, procedureId, reference, cancellationToken);

    [Function(FunctionNames.ShowErasurePage)]
    public Task<IActionResult> ShowErasurePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ErasureConfirmation)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        confirmations.ShowAsync(request, token, cancellationToken);

    [Function(FunctionNames.ConfirmErasure)]
    public Task<IActionResult> ConfirmErasure(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ErasureConfirmation)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string token,
        CancellationToken cancellationToken) =>
        confirmations.ConfirmAsync(request, token, durable, cancellationToken);
}
