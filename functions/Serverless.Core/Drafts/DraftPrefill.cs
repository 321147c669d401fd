using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Drafts;

/// <summary>
/// A draft prefilled by a commune's site that knows the person (JSON): the values of known fields are stored as given
/// and checked when the person opens the draft; the answer (201) gives the draft's address and the fields to fix.
/// </summary>
public sealed partial class DraftPrefill(
    ProcedureCatalog catalog,
    SubmissionValidator validator,
    DraftStore drafts,
    DraftTokens tokens,
    IOptions<PublicUrlOptions> urls,
    ILogger<DraftPrefill> logger)
{
    public async Task<IActionResult> CreateAsync(HttpRequest request, ProcedureDefinition procedure, RawSubmission sent, DraftRecord draft, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(draft);
        var values = DraftForm.Values(sent);
        var unknown = values.Keys.Where(name => name != "lang" && (procedure.Field(name) is not { } field || field.Kind == FieldKind.File)).ToList();
        if (unknown.Count > 0 || sent.Files.Count > 0)
        {
            var errors = unknown.Select(name => new FieldError(name, new Text(ValidationMessages.UnknownField.Format(Language.French, name), ValidationMessages.UnknownField.Format(Language.English, name)))).ToList();
            if (sent.Files.Count > 0)
            {
                errors.Add(new FieldError(sent.Files[0].FieldName, new Text("Les fichiers ne se préremplissent pas : la personne les joint elle-même.", "Files cannot be prefilled: the person attaches them.")));
            }

            return Problems.Validation(errors, language, request.Path.Value ?? string.Empty);
        }

        if (DraftValueLimits.Check(procedure, values) is { Count: > 0 } tooLong)
        {
            return Problems.Validation(tooLong, language, request.Path.Value ?? string.Empty);
        }

        draft.ValuesJson = DraftStore.Serialize(values);
        draft.PrefilledFields = string.Join(',', values.Keys);
        await drafts.AddAsync(draft, cancellationToken);
        LogCreated(draft.DraftId, procedure.Id);
        var commune = catalog.CommuneOf(procedure);
        var check = validator.Validate(procedure, PrefillSubmission.Of(procedure, values), commune.PostalCodes);
        var draftUrl = urls.Value.Api(DraftRoutes.DraftPath(procedure.Id, tokens.For(draft.DraftId)));
        return Results.JsonBody(201, new
        {
            draftUrl,
            expiresAt = draft.ExpiresAt,
            expiresAtText = ApplicationSummary.DateTime(draft.ExpiresAt, language),
            // Shown to the person when the draft opens, beside the field; listed here so the site can tell too.
            invalidFields = check.Errors.Where(error => values.ContainsKey(error.Field)).Select(error => new { name = error.Field, detail = error.Message.In(language) }),
        }).WithHeader("Location", draftUrl);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Draft {DraftId} started for {ProcedureId}")]
    private partial void LogCreated(string draftId, string procedureId);
}
