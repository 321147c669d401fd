using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Serverless.Core.Applications;
using Serverless.Core.Payments.PayFip;
using Serverless.Core.Workflow;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Payments;

/// <summary>
/// <c>POST /api/payments/notifications</c>, PayFiP's server-to-server notification (urlnotif). Only its idOp is read,
/// as a hint of which payment to look at (<see cref="PayFipNotification"/> says why): the result is read back from
/// PayFiP and recorded (<see cref="PaymentRecorder"/>), then the workflow is told to look. Replayed, duplicated or
/// forged notifications change nothing PayFiP did not say. Always 200 for a well-formed idOp (PayFiP needs no more),
/// whether it was known or not, so the address tells a prober nothing.
/// </summary>
public sealed partial class PaymentNotificationHandler(PaymentLedger ledger, PaymentRecorder recorder, ApplicationLoader loader, ILogger<PaymentNotificationHandler> logger)
{
    private const long LongestBody = 4096;

    public async Task<IActionResult> HandleAsync(HttpRequest request, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(durable);
        if (request.ContentLength is > LongestBody || !request.HasFormContentType
            || !PayFipNotification.TryReadIdOp(await request.ReadFormAsync(cancellationToken), out var idOp))
        {
            return Problems.Simple(400, "invalid-payment-notification", new("Notification de paiement invalide", "Invalid payment notification"), new("Le corps doit être un formulaire d'au plus 4 096 octets portant un seul idOp.", "The body must be a form of at most 4,096 bytes carrying exactly one idOp."), Language.French, request.Path.Value ?? string.Empty);
        }

        if (await ledger.ReferenceOfAsync(idOp, cancellationToken) is not { } reference
            || await loader.FindAsync(reference, cancellationToken) is not { } application)
        {
            LogUnknown();
            return new Serverless.Platform.Http.EmptyResult(200);
        }

        try
        {
            await recorder.ReconcileAsync(application, idOp, cancellationToken);
        }
        catch (PayFipException exception)
        {
            // PayFiP could not say: the workflow's look and the sweep ask again.
            LogUnanswered(reference, exception.Code);
        }

        try
        {
            await durable.RaiseEventAsync(ApplicationReference.InstanceId(reference), WorkflowNames.PaymentEvent, new PaymentNotifiedEvent(idOp, Started: false), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogHintLost(reference, exception.GetType().Name);
        }

        return new Serverless.Platform.Http.EmptyResult(200);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PayFiP notified an operation this deployment did not create")]
    private partial void LogUnknown();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment of {Reference} notified, but PayFiP did not answer its read-back ({Code})")]
    private partial void LogUnanswered(string reference, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment of {Reference} notified; the workflow could not be told ({Error})")]
    private partial void LogHintLost(string reference, string error);
}
