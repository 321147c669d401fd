using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Payments.PayFip;
using Serverless.Core.Site;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Payments;

/// <summary>
/// The citizen's side of a payment, each address behind the application's access code (anyone else gets the answer
/// of an unknown application):
/// <list type="bullet">
/// <item><c>GET …/payment</c>: the amount the server computed, what it pays for, until when, the mentions, and the
/// button; or the receipt once paid.</item>
/// <item><c>POST …/payment</c>: a new PayFiP payment (an idOp), recorded before the citizen is sent to PayFiP's page.</item>
/// <item><c>GET …/payment/return</c>: where PayFiP sends the browser back; the result is read back from PayFiP here
/// too, so the page says the truth even before (or without) PayFiP's notification.</item>
/// <item><c>GET …/payment/receipt</c>: the receipt (PDF).</item>
/// </list>
/// The status is never written here: the workflow, told by an event, moves the application on.
/// </summary>
public sealed partial class PaymentHandler(
    CitizenApplicationAccess access,
    CitizenAccessCodes accessCodes,
    PaymentLedger ledger,
    PaymentRecorder recorder,
    PaymentReceipts receipts,
    IPayFipGateway payFip,
    PaymentPageAddress paymentPage,
    IOptions<PayFipOptions> payFipOptions,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock,
    ILogger<PaymentHandler> logger)
{
    /// <summary>Trips to PayFiP one application may start: enough for refusals and second thoughts, not for a loop.</summary>
    public const int MaxAttempts = 20;

    public async Task<IActionResult> ShowAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await access.FindAsync(request, procedureId, reference, cancellationToken) is not { Procedure.Payment: not null } application)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        var state = await ledger.ReadAsync(reference, cancellationToken);
        return Page(200, PaymentPages.Render(application, state, Language(request, application), notice: null, AccessCode(application)));
    }

    public async Task<IActionResult> StartAsync(HttpRequest request, string procedureId, string reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(durable);
        if (await access.FindAsync(request, procedureId, reference, cancellationToken) is not { Procedure.Payment: not null } application)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        var language = Language(request, application);
        var code = AccessCode(application);
        var state = await ledger.ReadAsync(reference, cancellationToken);
        var refusal = state switch
        {
            { Due: null } => PaymentPages.NothingDue,
            { Paid: true } => PaymentPages.AlreadyPaid,
            _ when !Payable(application.Record) => PaymentPages.NotPayableNow,
            { Due: { } due } when due.DueAt <= clock.GetUtcNow() => PaymentPages.PastDeadline,
            { Attempts.Count: >= MaxAttempts } => PaymentPages.TooManyAttempts,
            _ => null,
        };
        if (refusal is not null)
        {
            return Page(409, PaymentPages.Render(application, state, language, refusal, code));
        }

        var owed = state.Due!;
        string idOp;
        try
        {
            idOp = await payFip.CreatePaymentAsync(new PaymentRequest(
                owed.ClientNumber,
                owed.Year,
                owed.DebtReference,
                owed.AmountInCents,
                application.Record.CitizenEmail,
                owed.Label,
                new Uri(urls.Value.Api(Routes.PaymentNotification)),
                new Uri(urls.Value.Api(Routes.PaymentReturnPath(application.Procedure.Id, reference, code))),
                PayFipModes.Parse(application.Commune.Regie(owed.RegieId)?.PayFipMode)), cancellationToken);
        }
        catch (PayFipException exception)
        {
            LogPayFipRefused(reference, exception.Code);
            return Page(503, PaymentPages.Render(application, state, language, PaymentPages.Unavailable, code));
        }
        catch (InvalidPaymentRequestException exception)
        {
            // Checked before PayFiP is called (the same rules PayFiP applies): nothing was created there. The fields
            // are named, never their values (the e-mail address is personal data).
            LogRequestRefused(reference, string.Join(", ", exception.Problems.Select(problem => problem.Field)));
            return Page(409, PaymentPages.Render(application, state, language, PaymentPages.CannotPrepare, code));
        }

        await ledger.AddAttemptAsync(reference, application.Commune.Id, idOp, clock.GetUtcNow(), cancellationToken);
        await HintAsync(durable, reference, new PaymentNotifiedEvent(idOp, Started: true), cancellationToken);
        LogStarted(reference);
        return Results.SeeOther(paymentPage.For(idOp).ToString());
    }

    public async Task<IActionResult> ReturnAsync(HttpRequest request, string procedureId, string reference, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(durable);
        if (await access.FindAsync(request, procedureId, reference, cancellationToken) is not { Procedure.Payment: not null } application)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        var language = Language(request, application);
        PaymentState state;
        try
        {
            state = await recorder.ReconcileAsync(application, idOp: null, cancellationToken);
        }
        catch (PayFipException exception)
        {
            LogPayFipRefused(reference, exception.Code);
            return Page(200, PaymentPages.Render(application, await ledger.ReadAsync(reference, cancellationToken), language, PaymentPages.BeingConfirmed, AccessCode(application)));
        }

        if (state.Last is { } last && last.Outcome != PaymentOutcome.Pending)
        {
            await HintAsync(durable, reference, new PaymentNotifiedEvent(last.IdOp, Started: false), cancellationToken);
        }

        // The return address names the application, not the attempt: the latest attempt is the one a browser comes
        // back from, but for a second tab paid after the debt was settled, which says so before "received".
        var notice = state switch
        {
            _ when state.Last is { Outcome: PaymentOutcome.Paid, Refund: true } => PaymentPages.ToRefund,
            { Paid: true } => PaymentPages.Received,
            _ when state.Last is { Outcome: PaymentOutcome.Refused } => PaymentPages.Refused,
            _ when state.Last is { Outcome: PaymentOutcome.Abandoned } => PaymentPages.Abandoned,
            _ => PaymentPages.BeingConfirmed,
        };
        return Page(200, PaymentPages.Render(application, state, language, notice, AccessCode(application)));
    }

    public async Task<IActionResult> ReceiptAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await access.FindAsync(request, procedureId, reference, cancellationToken) is null
            || await receipts.FindAsync(reference, cancellationToken) is not { } pdf)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        return Results.Pdf(pdf, $"recu-paiement-{reference}.pdf");
    }

    /// <summary>
    /// A payment page: its form posts here and is answered by a redirect to PayFiP's page, which the browser follows
    /// only if the page's Content-Security-Policy lets forms lead there (form-action covers redirects): PayFiP's origin
    /// is added to 'self', and nothing else.
    /// </summary>
    private Serverless.Platform.Http.WrittenResult Page(int status, string html) =>
        PageResults.Page(status, html, Uri.TryCreate(payFipOptions.Value.PaymentPageUrl, UriKind.Absolute, out var payFipPage) ? payFipPage.GetLeftPart(UriPartial.Authority) : null);

    /// <summary>A payment can start while the workflow waits for it (or an incident holds it there).</summary>
    private static bool Payable(ApplicationRecord record) =>
        record.StatusValue == ApplicationStatus.AwaitingPayment
        || (record.StatusValue == ApplicationStatus.Incident && record.StatusBeforeIncident == nameof(ApplicationStatus.AwaitingPayment));

    private string AccessCode(LoadedApplication application) => accessCodes.For(application.Reference, application.Record.AccessKeyId);

    private static Language Language(HttpRequest request, LoadedApplication application) =>
        request.Query.ContainsKey("lang") ? LanguageNegotiation.FromRequest(request) : application.Language;

    /// <summary>Tells the workflow to look (a hint: a lost one costs a delay, the deadline's look and the sweep find the payment).</summary>
    private async Task HintAsync(DurableTaskClient durable, string reference, PaymentNotifiedEvent hint, CancellationToken cancellationToken)
    {
        try
        {
            await durable.RaiseEventAsync(ApplicationReference.InstanceId(reference), WorkflowNames.PaymentEvent, hint, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogHintLost(reference, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment of {Reference} not started: the request breaks PayFiP's rules on {Fields}")]
    private partial void LogRequestRefused(string reference, string fields);

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment of {Reference} started at PayFiP")]
    private partial void LogStarted(string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment of {Reference}: PayFiP refused or did not answer ({Code})")]
    private partial void LogPayFipRefused(string reference, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment of {Reference}: the workflow could not be told ({Error}); it looks at its deadline")]
    private partial void LogHintLost(string reference, string error);
}
