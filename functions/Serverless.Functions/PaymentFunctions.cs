using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Core.Addresses;
using Serverless.Core.Payments;
using Serverless.Core.PaymentsBackOffice;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>
/// Paying a procedure's price through PayFiP (issue 28): the citizen's payment page, its start and return, the
/// receipt, PayFiP's notification, the workflow's payment activities, and the régies' payments in the back office.
/// </summary>
public sealed class PaymentFunctions(
    PaymentHandler payments,
    PaymentNotificationHandler notifications,
    PaymentsPageHandler backOffice,
    RequestPaymentActivity requestPayment,
    SettlePaymentActivity settlePayment,
    AbandonUnpaidActivity abandonUnpaid,
    PaymentSweeper sweeper)
{
    /// <summary>Every 15 minutes: an attempt whose result no path read is recorded within a quarter of an hour of its 20 minutes.</summary>
    public const string SweepSchedule = "0 */15 * * * *";

    [Function(FunctionNames.ShowPayment)]
    public Task<IActionResult> ShowPayment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ApplicationPayment)] HttpRequest request,
        string procedureId,
        string reference,
        CancellationToken cancellationToken) =>
        payments.ShowAsync(request, procedureId, reference, cancellationToken);

    [Function(FunctionNames.StartPayment)]
    public Task<IActionResult> StartPayment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ApplicationPayment)] HttpRequest request,
        string procedureId,
        string reference,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        payments.StartAsync(request, procedureId, reference, durable, cancellationToken);

    [Function(FunctionNames.ReturnFromPayment)]
    public Task<IActionResult> ReturnFromPayment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ApplicationPaymentReturn)] HttpRequest request,
        string procedureId,
        string reference,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        payments.ReturnAsync(request, procedureId, reference, durable, cancellationToken);

    [Function(FunctionNames.DownloadPaymentReceipt)]
    public Task<IActionResult> DownloadPaymentReceipt(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ApplicationPaymentReceipt)] HttpRequest request,
        string procedureId,
        string reference,
        CancellationToken cancellationToken) =>
        payments.ReceiptAsync(request, procedureId, reference, cancellationToken);

    [Function(FunctionNames.ReceivePaymentNotification)]
    public Task<IActionResult> ReceivePaymentNotification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.PaymentNotification)] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        notifications.HandleAsync(request, durable, cancellationToken);

    [Function(FunctionNames.ShowAgentPayments)]
    public Task<IActionResult> ShowAgentPayments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentPayments)] HttpRequest request,
        CancellationToken cancellationToken) =>
        backOffice.PageAsync(request, cancellationToken);

    [Function(FunctionNames.ExportAgentPayments)]
    public Task<IActionResult> ExportAgentPayments(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AgentPaymentsCsv)] HttpRequest request,
        CancellationToken cancellationToken) =>
        backOffice.CsvAsync(request, cancellationToken);

    [Function(nameof(SweepPayments))]
    public Task SweepPayments([TimerTrigger(SweepSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);

    [Function(ActivityNames.RequestPayment)]
    public Task<PaymentDueNotice?> RequestPayment([ActivityTrigger] PaymentDemand demand) => requestPayment.RunAsync(demand);

    [Function(ActivityNames.SettlePayment)]
    public Task<PaymentCheckResult> SettlePayment([ActivityTrigger] PaymentCheck check) => settlePayment.RunAsync(check);

    [Function(ActivityNames.AbandonUnpaid)]
    public Task AbandonUnpaid([ActivityTrigger] string reference) => abandonUnpaid.RunAsync(reference);
}
