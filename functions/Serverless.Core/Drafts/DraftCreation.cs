using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Core.Procedures;
using Serverless.Core.Submission;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Drafts;

/// <summary>
/// <c>POST /api/procedures/{id}/drafts</c>: a new draft from the first step of a multi-step form (HTML: kept only if
/// the step is right), or prefilled by a commune's site (JSON, <see cref="DraftPrefill"/>).
/// </summary>
public sealed class DraftCreation(
    ProcedureCatalog catalog,
    SubmissionGate gate,
    DraftStepAnswers steps,
    DraftPrefill prefill,
    IOptions<DraftOptions> options,
    TimeProvider clock)
{
    public async Task<IActionResult> CreateAsync(HttpRequest request, string procedureId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var procedure = catalog.Find(procedureId);
        if (procedure is null)
        {
            return Problems.Simple(404, "unknown-procedure", new("Démarche inconnue", "Unknown procedure"), new("Cette démarche n'existe pas.", "This procedure does not exist."), language, request.Path.Value ?? string.Empty);
        }

        RawSubmission? sent;
        try
        {
            sent = await SubmissionReader.ReadAsync(request, cancellationToken);
            if (sent is not null)
            {
                gate.CheckForm(sent);
            }
        }
        catch (Edge.RequestRefusedException refusal)
        {
            return Edge.RefusalResults.For(request, refusal);
        }

        if (sent is null)
        {
            return Problems.Simple(415, "unsupported-format", new("Format non pris en charge", "Unsupported format"), new("Envoyez un objet JSON (les valeurs à préremplir) ou le formulaire.", "Send a JSON object (the values to prefill) or the form."), language, request.Path.Value ?? string.Empty);
        }

        if (LanguageNegotiation.TryParse(sent.Fields.GetValueOrDefault("lang"), out var chosen))
        {
            language = chosen;
        }

        var now = clock.GetUtcNow();
        var draft = new DraftRecord
        {
            PartitionKey = DraftTokens.NewId(),
            ProcedureId = procedure.Id,
            Language = language.Code(),
            CreatedAt = now,
            ExpiresAt = now + options.Value.Days(procedure.DraftLifetimeDays),
        };
        if (!Results.WantsHtml(request))
        {
            return await prefill.CreateAsync(request, procedure, sent, draft, language, cancellationToken);
        }

        // The first step posted from the form page: kept only if the step is right (nothing stored otherwise).
        var commune = catalog.CommuneOf(procedure);
        var later = DraftForm.Values(sent).Where(pair => !DraftForm.Steps(procedure)[0].Fields.Contains(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        draft.ValuesJson = DraftStore.Serialize(later);
        draft.PrefilledFields = string.Join(',', later.Keys);
        return await steps.ApplyAsync(request, procedure, commune, draft, 0, sent, language, isNew: true, cancellationToken);
    }
}
