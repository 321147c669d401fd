using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.Review;
using Serverless.Core.Site;

namespace Serverless.Functions;

/// <summary>The agent's side: review links (GET shows, POST decides).</summary>
public sealed class ReviewFunctions(ReviewHandler review)
{
    [Function(FunctionNames.ShowReviewPage)]
    public Task<IActionResult> ShowReviewPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Review)] HttpRequest request,
        string token,
        CancellationToken cancellationToken) =>
        review.ShowAsync(request, token, cancellationToken);

    [Function(FunctionNames.RecordReviewDecision)]
    public Task<IActionResult> RecordReviewDecision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Review)] HttpRequest request,
        string token,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        review.DecideAsync(request, token, durable, cancellationToken);

    [Function(FunctionNames.DownloadReviewAttachment)]
    public Task<IActionResult> DownloadReviewAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ReviewAttachment)] HttpRequest request,
        string token,
        string attachmentId,
        CancellationToken cancellationToken) =>
        review.AttachmentAsync(token, attachmentId, cancellationToken);
}
