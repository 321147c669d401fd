using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Submission;

/// <summary>
/// <c>POST /api/procedures/{procedureId}/applications</c>, the HTTP edge of filing an application: reads the
/// submission (JSON, url-encoded or multipart, bounded while streaming), applies the form's guards, validates it
/// (field errors as a problem, or the form again for a browser), then hands it to <see cref="ApplicationIntake"/>,
/// which stores it and starts its workflow, and says the outcome through <see cref="IntakeAnswers"/>.
/// </summary>
public sealed partial class SubmitApplicationHandler(
    ProcedureCatalog catalog,
    SubmissionValidator validator,
    ApplicationIntake intake,
    IntakeAnswers answers,
    TimeProvider clock,
    ILogger<SubmitApplicationHandler> logger,
    SubmissionGate gate,
    CitizenAccounts.CitizenFormIdentity citizenIdentity,
    CitizenAccounts.CitizenApplications citizenApplications)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public async Task<IActionResult> HandleAsync(HttpRequest request, string procedureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var instance = request.Path.Value ?? string.Empty;
        var procedure = catalog.Find(procedureId);
        if (procedure is null)
        {
            return Problems.Simple(404, "unknown-procedure", new("Démarche inconnue", "Unknown procedure"), new("Cette démarche n'existe pas.", "This procedure does not exist."), language, instance);
        }

        RawSubmission? submission;
        try
        {
            submission = await SubmissionReader.ReadAsync(request, cancellationToken);
            if (submission is not null)
            {
                gate.CheckForm(submission);
            }
        }
        catch (Edge.RequestRefusedException refusal)
        {
            // Too large (measured while streaming), malformed JSON or multipart, invalid UTF-8, a robot's form.
            LogRefused(procedure.Id, refusal.Status, refusal.Type);
            return Edge.RefusalResults.For(request, refusal);
        }

        if (submission is null)
        {
            return Problems.Simple(415, "unsupported-format", new("Format non pris en charge", "Unsupported format"), new("Envoyez la demande en JSON (objet), application/x-www-form-urlencoded ou multipart/form-data.", "Send the application as JSON (an object), application/x-www-form-urlencoded or multipart/form-data."), language, instance);
        }

        if (LanguageNegotiation.TryParse(submission.Fields.GetValueOrDefault("lang"), out var chosen))
        {
            language = chosen;
        }

        var commune = catalog.CommuneOf(procedure);
        var result = validator.Validate(procedure, submission, commune.PostalCodes);

        // FranceConnect: a procedure that requires a sign-in files nothing without one; a verified value cannot be changed.
        var identity = await citizenIdentity.CheckAsync(request, procedure, submission.Fields, cancellationToken);
        if (identity.SignInMissing)
        {
            LogRefused(procedure.Id, 401, "sign-in-required");
            return Problems.Simple(401, "sign-in-required", new("Identification requise", "Sign-in required"), new("Cette démarche demande de vous identifier avec FranceConnect : ouvrez son formulaire et utilisez le bouton FranceConnect.", "This procedure asks you to sign in with FranceConnect: open its form and use the FranceConnect button."), language, instance);
        }

        if (identity.Changed.Count > 0)
        {
            result = result with { Errors = [.. identity.Changed, .. result.Errors.Where(error => identity.Changed.All(changed => changed.Field != error.Field))] };
        }

        // A family quotient typed by the citizen comes with its proof; one the administration gave needs none.
        if (FamilyQuotientProof.Missing(procedure, result, identity.VerifiedFields) is { } missingProof)
        {
            result = result with { Errors = [.. result.Errors, missingProof] };
        }

        if (!result.IsValid)
        {
            LogRejected(procedure.Id, result.Errors.Count);
            return Results.WantsHtml(request)
                ? PageResults.Page(400, ResultPages.ValidationErrors(procedure, submission, result.Errors, language, commune, Deadlines.ParisToday.Of(clock), "/api/" + Routes.SubmitPath(procedure.Id)))
                : Problems.Validation(result.Errors, language, instance);
        }

        var verified = identity.Sub is { } sub ? new Applications.VerifiedIdentity(sub, identity.VerifiedFields) { Notes = identity.Notes } : null;
        var outcome = await intake.FileAsync(procedure, commune, result, language, IdempotencyKeyOf(request, submission), cancellationToken, verified);
        if (verified is not null && outcome is IntakeOutcome.Filed filed)
        {
            // "Mes démarches": the signed-in citizen finds it there (the access code keeps working too).
            await citizenApplications.AddAsync(verified.Sub, filed.Reference, procedure.Id, filed.ReceivedAt, cancellationToken);
        }
        return answers.For(request, procedure.Id, outcome, language);
    }

    /// <summary>A script's Idempotency-Key header, else the key the form page was generated with (no JavaScript).</summary>
    private static string IdempotencyKeyOf(HttpRequest request, RawSubmission submission)
    {
        var header = request.Headers[IdempotencyHeader].ToString().Trim();
        if (header.Length > 0)
        {
            return header;
        }

        // Prefixed, so that a form's key never meets a key a script chose.
        var form = submission.Fields.GetValueOrDefault(Submission.FormGuard.SubmissionKeyField, string.Empty).Trim();
        return form.Length == 0 ? string.Empty : "form:" + form;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Submission for {ProcedureId} refused with {ErrorCount} field errors")]
    private partial void LogRejected(string procedureId, int errorCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Submission for {ProcedureId} refused: {Status} {ProblemType}")]
    private partial void LogRefused(string procedureId, int status, string problemType);
}
