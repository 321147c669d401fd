using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Payments.PayFip.Wire;

namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// <see cref="IPayFipGateway"/> over PayFiP's SOAP service. Logs say what happened (created, the outcome read back, the
/// failure and PayFiP's code) and nothing else: no idOp (it is the key to a payment and its ticket) and no e-mail
/// address.
/// </summary>
public sealed partial class PayFipGateway : IPayFipGateway
{
    private readonly PayFipChannels channels;
    private readonly PayFipOptions options;
    private readonly ILogger<PayFipGateway> logger;

    public PayFipGateway(PayFipChannels channels, IOptions<PayFipOptions> options, ILogger<PayFipGateway> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.channels = channels;
        this.options = options.Value;
        this.logger = logger;
    }

    public async Task<string> CreatePaymentAsync(PaymentRequest request, CancellationToken cancellationToken = default)
    {
        var problems = PaymentRequestValidation.Problems(request);
        if (problems.Count > 0)
        {
            LogRequestRefusedHere(logger, string.Join("; ", problems));
            throw new InvalidPaymentRequestException(problems);
        }

        var label = PaymentLabel.Normalize(request.Label);
        var message = new CreerPaiementSecuriseRequestMessage
        {
            Arg0 = new CreerPaiementSecuriseRequest
            {
                Exer = request.Year.ToString(CultureInfo.InvariantCulture),
                Mel = request.PayerEmail.Trim(),
                Montant = request.AmountInCents.ToString(CultureInfo.InvariantCulture),
                Numcli = request.ClientNumber,
                Objet = label.Length == 0 ? null : label,
                Refdet = request.DebtReference,
                Saisie = PayFipModes.Saisie(request.Mode ?? options.Mode),
                Urlnotif = request.NotificationUrl.AbsoluteUri,
                Urlredirect = request.ReturnUrl.AbsoluteUri,
            },
        };

        var answer = await Calling("creerPaiementSecurise", () => channels.Call(service => service.CreerPaiementSecuriseAsync(message)), cancellationToken);
        var idOp = answer.Return?.IdOp?.Trim();
        if (!PayFipIdOp.IsWellFormed(idOp))
        {
            LogFailed(logger, "creerPaiementSecurise", PayFipFailure.Protocol, null);
            throw new PayFipException(PayFipFailure.Protocol, null, "PayFiP's answer holds no idOp.");
        }

        LogCreated(logger, options.Mode);
        return idOp!;
    }

    public async Task<PaymentResult> GetPaymentResultAsync(string idOp, CancellationToken cancellationToken = default)
    {
        if (!PayFipIdOp.IsWellFormed(idOp))
        {
            throw new ArgumentException("Not an idOp.", nameof(idOp));
        }

        var message = new RecupererDetailPaiementSecuriseRequestMessage { Arg0 = new RecupererDetailPaiementSecuriseRequest { IdOp = idOp } };
        PaymentResult result;
        try
        {
            var answer = await Calling("recupererDetailPaiementSecurise", () => channels.Call(service => service.RecupererDetailPaiementSecuriseAsync(message)), cancellationToken);
            if (answer.Return is null || !string.Equals(answer.Return.IdOp?.Trim(), idOp, StringComparison.Ordinal))
            {
                // A detail of another payment (or of none) must never settle this one.
                LogFailed(logger, "recupererDetailPaiementSecurise", PayFipFailure.Protocol, null);
                throw new PayFipException(PayFipFailure.Protocol, null, "PayFiP's answer is not the detail of the payment asked for.");
            }

            result = PaymentResultMapping.From(idOp, answer.Return);
        }
        catch (PayFipException notKnownYet) when (notKnownYet is { Failure: PayFipFailure.Refused, Code: "P5" })
        {
            // P5 "résultat de la transaction non connu": the citizen has not finished (or left PayFiP's page without
            // choosing). Not an error: the payment is pending, and reading again later will tell.
            result = PaymentResult.PendingFor(idOp);
        }

        LogReadBack(logger, result.Outcome);
        return result;
    }

    /// <summary>Calls PayFiP, translating what the wire throws; a cancelled caller stops waiting (the call itself is bounded by RequestTimeout).</summary>
    private async Task<T> Calling<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            // A deployment whose catalogue charges for a procedure before PayFip:ServiceUrl is set: the citizen gets
            // "PayFiP does not answer, nothing was charged", as for an outage, not a server error.
            LogFailed(logger, operation, PayFipFailure.Unavailable, null);
            throw new PayFipException(PayFipFailure.Unavailable, null, "PayFiP is not configured (PayFip:ServiceUrl): online payment is off.");
        }

        try
        {
            return await PayFipFaultTranslation.Call(call).WaitAsync(cancellationToken);
        }
        catch (PayFipException failure) when (failure is not { Failure: PayFipFailure.Refused, Code: "P5" })
        {
            LogFailed(logger, operation, failure.Failure, failure.Code);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PayFiP payment created ({Mode})")]
    private static partial void LogCreated(ILogger logger, PayFipMode mode);

    [LoggerMessage(Level = LogLevel.Information, Message = "PayFiP payment read back: {Outcome}")]
    private static partial void LogReadBack(ILogger logger, PaymentOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PayFiP {Operation} failed: {Failure} {Code}")]
    private static partial void LogFailed(ILogger logger, string operation, PayFipFailure failure, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payment request not sent to PayFiP, it breaks PayFiP's rules: {Problems}")]
    private static partial void LogRequestRefusedHere(ILogger logger, string problems);
}
