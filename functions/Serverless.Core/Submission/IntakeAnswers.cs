using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Submission;

/// <summary>
/// What a person is told about a filing, in the channel they used: a browser is sent to the status page, a script gets
/// 202 with the reference and its access code, and every refusal is a problem (RFC 9457) in their language.
/// </summary>
public sealed class IntakeAnswers(CitizenAccessCodes accessCodes, IOptions<PublicUrlOptions> urls)
{
    /// <summary>What a client is told to wait after a 503: storage outages seen here lasted seconds.</summary>
    public const string RetryAfterSeconds = "10";

    public WrittenResult For(HttpRequest request, string procedureId, IntakeOutcome outcome, Language language)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instance = request.Path.Value ?? string.Empty;
        return outcome switch
        {
            IntakeOutcome.Filed filed => Accepted(request, procedureId, filed, language),
            IntakeOutcome.Refused refused => Edge.RefusalResults.For(request, refused.Refusal),
            IntakeOutcome.KeyTooLong => Problems.Simple(400, "idempotency-key", new("Clé d'idempotence invalide", "Invalid idempotency key"), new("L'en-tête Idempotency-Key ne doit pas dépasser 200 caractères.", "The Idempotency-Key header must not exceed 200 characters."), language, instance),
            IntakeOutcome.KeyReused => Problems.Simple(422, "idempotency-key-reused", new("Clé d'idempotence déjà utilisée", "Idempotency key already used"), new("Cette clé Idempotency-Key a déjà servi pour une autre demande.", "This Idempotency-Key was already used for a different application."), language, instance),
            _ => Problems.Simple(503, "unavailable", new("Service momentanément indisponible", "Service temporarily unavailable"), new("La demande n'a pas pu être enregistrée et rien n'a été conservé. Réessayez dans quelques instants.", "The application could not be stored and nothing was kept. Please try again in a moment."), language, instance)
                .WithHeader("Retry-After", RetryAfterSeconds),
        };
    }

    private WrittenResult Accepted(HttpRequest request, string procedureId, IntakeOutcome.Filed filed, Language language)
    {
        var (reference, receivedAt) = (filed.Reference, filed.ReceivedAt);
        var accessCode = accessCodes.For(reference, filed.AccessKeyId);
        var statusUrl = urls.Value.Api(Routes.StatusPath(procedureId, reference, accessCode));
        if (Results.WantsHtml(request))
        {
            return Results.SeeOther($"{statusUrl}&received=1&lang={language.Code()}");
        }

        return Results.JsonBody(202, new
        {
            reference,
            status = nameof(ApplicationStatus.Received),
            statusLabel = ApplicationStatus.Received.Label().In(language),
            receivedAt,
            accessCode,
            statusUrl,
            message = new Text(
                "Votre demande a bien été reçue. Un accusé de réception vous est envoyé par courriel.",
                "Your application was received. An acknowledgement of receipt is on its way by e-mail.").In(language),
        }).WithHeader("Location", statusUrl);
    }
}
