using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.Corrections;
using Serverless.Core.Receipts;
using Serverless.Core.Site;
using Serverless.Core.Withdrawal;

namespace Serverless.Functions;

/// <summary>What a citizen does after submitting: answer a request for changes, withdraw, print the receipt.</summary>
public sealed class CitizenActionFunctions(CorrectionHandler correction, WithdrawalHandler withdrawal, ReceiptHandler receipt)
{
    [Function(FunctionNames.ShowWithdrawalPage)]
    public Task<IActionResult> ShowWithdrawalPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Withdrawal)] HttpRequest request,
        string procedureId,
        string reference,
        CancellationToken cancellationToken) =>
        withdrawal.ConfirmAsync(request, procedureId, reference, cancellationToken);

    [Function(FunctionNames.ShowReceipt)]
    public Task<IActionResult> ShowReceipt(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ApplicationReceipt)] HttpRequest request,
        string procedureId,
        string reference,
        CancellationToken cancellationToken) =>
        receipt.PageAsync(request, procedureId, reference, cancellationToken);

    [Function(FunctionNames.DownloadReceiptPdf)]
    public Task<IActionResult> DownloadReceiptPdf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ApplicationReceiptPdf)] HttpRequest request,
        string procedureId,
        string reference,
        CancellationToken cancellationToken) =>
        receipt.PdfAsync(request, procedureId, reference, cancellationToken);

    [Function(FunctionNames.ShowCorrectionPage)]
    public Task<IActionResult> ShowCorrectionPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Correction)] HttpRequest request,
        string procedureId,
        string reference,
        CancellationToken cancellationToken) =>
        correction.ShowAsync(request, procedureId, reference, cancellationToken);

    [Function(FunctionNames.SubmitCorrection)]
    public Task<IActionResult> SubmitCorrection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.Correction)] HttpRequest request,
        string procedureId,
        string reference,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        correction.SubmitAsync(request, procedureId, reference, durable, cancellationToken);

    [Function(FunctionNames.WithdrawApplication)]
    public Task<IActionResult> WithdrawApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = Routes.Withdrawal)] HttpRequest request,
        string procedureId,
        string reference,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        withdrawal.HandleAsync(request, procedureId, reference, durable, cancellationToken);
}
