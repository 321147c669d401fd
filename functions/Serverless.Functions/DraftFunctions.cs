using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Addresses;
using Serverless.Core.Drafts;
using Serverless.Core.Site;

namespace Serverless.Functions;

/// <summary>Drafts: started from a multi-step form or by a commune's site (prefill), shown step by step, sent once; swept at expiry.</summary>
public sealed class DraftFunctions(DraftHandler drafts, DraftSweeper sweeper)
{
    /// <summary>Every 15 minutes: drafts are deleted within a quarter of an hour of their announced time.</summary>
    public const string Schedule = "0 */15 * * * *";

    [Function(FunctionNames.CreateDraft)]
    public Task<IActionResult> CreateDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.CreateDraft)] HttpRequest request,
        string procedureId,
        CancellationToken cancellationToken) =>
        drafts.CreateAsync(request, procedureId, cancellationToken);

    [Function(FunctionNames.ShowDraft)]
    public Task<IActionResult> ShowDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Draft)] HttpRequest request,
        string procedureId,
        string token,
        CancellationToken cancellationToken) =>
        drafts.ShowAsync(request, procedureId, token, cancellationToken);

    [Function(FunctionNames.UpdateDraft)]
    public Task<IActionResult> UpdateDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Draft)] HttpRequest request,
        string procedureId,
        string token,
        CancellationToken cancellationToken) =>
        drafts.UpdateAsync(request, procedureId, token, cancellationToken);

    [Function(nameof(SweepDrafts))]
    public Task SweepDrafts([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
