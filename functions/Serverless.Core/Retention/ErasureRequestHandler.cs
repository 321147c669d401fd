using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Retention;

/// <summary>
/// <c>POST …/applications/{reference}/erasure?access=…</c> with <c>confirm=yes</c> (form) or <c>{"confirm": true}</c>
/// (JSON): the citizen asks for the erasure of a closed application's personal data (RGPD art. 17). The request is
/// recorded once and the procedure's agents are e-mailed a link to confirm it; nothing is erased until one of them
/// does. Refused while the application is pending (it never expires under instruction) and once it is erased.
/// </summary>
public sealed partial class ErasureRequestHandler(
    CitizenApplicationAccess access,
    RetentionIndex index,
    ErasureRequestNotifier notifier,
    AuditTrail audit,
    CitizenAccessCodes accessCodes,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock,
    ILogger<ErasureRequestHandler> logger)
{
    public async Task<IActionResult> HandleAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await access.FindAsync(request, procedureId, reference, cancellationToken);
        if (application is null)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        var language = LanguageNegotiation.FromRequest(request);
        var record = application.Record;
        if (record.ErasedAt is { } erasedAt)
        {
            var done = new Text("Les données personnelles de cette demande ont déjà été effacées le {0}.", "The personal data of this application was already erased on {0}.");
            return Refuse(request, 409, "already-erased", new("Déjà effacée", "Already erased"), new(done.Format(Language.French, ApplicationSummary.DateTime(erasedAt, Language.French)), done.Format(Language.English, ApplicationSummary.DateTime(erasedAt, Language.English))), language, application.Commune.Name);
        }

        if (!record.StatusValue.IsFinal())
        {
            return Refuse(
                request,
                409,
                "not-final",
                new("Effacement impossible", "Cannot erase"),
                new("Cette demande est en cours d'instruction : ses données ne peuvent être effacées qu'une fois la décision prise. Vous pouvez la retirer.", "This application is still being processed: its data can be erased only once it is decided. You may withdraw it."),
                language,
                application.Commune.Name);
        }

        if (!await ConfirmedAsync(request, cancellationToken))
        {
            var message = new Text("Cochez la case pour confirmer que vous demandez l'effacement de vos données.", "Tick the box to confirm that you ask for your data to be erased.");
            return Results.WantsHtml(request)
                ? PageResults.Page(400, Html.Message(new Text("Confirmation manquante", "Confirmation missing").In(language), message.In(language), "error", language, application.Commune.Name))
                : Problems.Validation([new FieldError("confirm", message)], language, request.Path.Value ?? string.Empty);
        }

        var erasure = await index.RecordRequestAsync(reference, clock.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(reference, AuditSteps.ErasureRequested, new AuditEntry(AuditAction.ErasureRequested, erasure.RequestedAt, AuditActors.Citizen(record.CitizenEmail), string.Empty), cancellationToken);
        if (!erasure.AgentsNotified)
        {
            try
            {
                await notifier.NotifyAsync(application, erasure, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Recorded: the retention timer e-mails the agents once the relay answers again.
                LogNotifyDeferred(exception, reference);
            }
        }

        var statusUrl = urls.Value.Api(Routes.StatusPath(procedureId, reference, accessCodes.For(reference, record.AccessKeyId)));
        return Results.WantsHtml(request)
            ? Results.SeeOther(statusUrl)
            : Results.JsonBody(202, new { reference, status = "ErasureRequested", requestedAt = erasure.RequestedAt, statusUrl }).WithHeader("Location", statusUrl);
    }

    private static async Task<bool> ConfirmedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            return (await request.ReadFormAsync(cancellationToken))["confirm"].ToString() is "yes" or "on" or "true";
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("confirm", out var confirm)
                    && confirm.ValueKind == JsonValueKind.True;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        return false;
    }

    private static WrittenResult Refuse(HttpRequest request, int status, string type, Text title, Text detail, Language language, string communeName) =>
        Results.WantsHtml(request)
            ? PageResults.Page(status, Html.Message(title.In(language), detail.In(language), "error", language, communeName))
            : Problems.Simple(status, type, title, detail, language, request.Path.Value ?? string.Empty);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasure request for {Reference} recorded; the agents' e-mail could not be sent now, the retention timer will send it")]
    private partial void LogNotifyDeferred(Exception exception, string reference);
}
