using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Addresses;
using Serverless.Core.Procedures;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using EmptyResult = Serverless.Platform.Http.EmptyResult;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Submission;

/// <summary>
/// <c>GET /api/procedures[?commune=…]</c> and <c>GET /api/procedures/{procedureId}</c>: what a web page needs to list
/// procedures and render a form, localised, with an <c>ETag</c> so that pages can cache it.
/// </summary>
public sealed class CatalogueHandler(ProcedureCatalog catalog, TimeProvider clock)
{
    public IActionResult List(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var communeFilter = request.Query["commune"].ToString();
        var procedures = catalog.All
            .Where(procedure => communeFilter.Length == 0 || procedure.CommuneId == communeFilter)
            .OrderBy(procedure => procedure.CommuneId, StringComparer.Ordinal)
            .ThenBy(procedure => procedure.Id, StringComparer.Ordinal)
            .Select(procedure => new
            {
                id = procedure.Id,
                version = procedure.Version,
                commune = CommuneSummary(catalog.CommuneOf(procedure)),
                category = procedure.Category,
                title = procedure.Title.In(language),
                description = procedure.Description.In(language),
                definitionUrl = "/api/" + Routes.GetProcedure.Replace("{procedureId}", procedure.Id, StringComparison.Ordinal),
                formUrl = "/api/" + Routes.FormPath(procedure.Id),
                submitUrl = "/api/" + Routes.SubmitPath(procedure.Id),
            });
        return Cached(request, JsonSerializer.Serialize(new { language = language.Code(), procedures }, Results.Json));
    }

    public IActionResult Get(HttpRequest request, string procedureId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var procedure = catalog.Find(procedureId);
        if (procedure is null)
        {
            return Problems.Simple(404, "unknown-procedure", new("Démarche inconnue", "Unknown procedure"), new("Cette démarche n'existe pas.", "This procedure does not exist."), language, request.Path.Value ?? string.Empty);
        }

        var today = Deadlines.ParisToday.Of(clock);
        var commune = catalog.CommuneOf(procedure);
        var body = new
        {
            id = procedure.Id,
            version = procedure.Version,
            language = language.Code(),
            commune = CommuneSummary(catalog.CommuneOf(procedure)),
            category = procedure.Category,
            title = procedure.Title.In(language),
            description = procedure.Description.In(language),
            submitUrl = "/api/" + Routes.SubmitPath(procedure.Id),
            fields = procedure.Fields.Select(field => Field(procedure, field, language, today, catalog.CommuneOf(procedure).PostalCodes)),
            rules = ClientValidation.Rules(procedure, language),
            // Added for clients that render the form themselves (the widget): pages, drafts, and what the server checks.
            steps = procedure.Steps.Select(step => new { id = step.Id, title = step.Title.In(language), fields = step.Fields }),
            drafts = new
            {
                lifetimeDays = procedure.DraftLifetimeDays,
                createUrl = "/api/" + Routes.CreateDraft.Replace("{procedureId}", procedure.Id, StringComparison.Ordinal),
            },
            postalCodes = commune.PostalCodes,
            legal = new
            {
                // The period as the text states it; the days are kept for clients that read them (two months: 60).
                decisionDeadline = new { months = procedure.Legal.DecisionDeadline.Months, days = procedure.Legal.DecisionDeadline.Days },
                decisionDeadlineDays = procedure.Legal.DecisionDeadlineDays,
                correctionEffect = procedure.Legal.CorrectionEffect.ToString().ToLowerInvariant(),
                silenceMeans = procedure.Legal.SilenceMeans.ToString().ToLowerInvariant(),
                receiptMentions = procedure.Legal.ReceiptMentions.In(language),
            },
            retentionMonths = procedure.RetentionMonths,
        };
        return Cached(request, JsonSerializer.Serialize(body, Results.Json));
    }

    private static object CommuneSummary(CommuneDefinition commune) => new { id = commune.Id, name = commune.Name, city = commune.City, department = commune.Department, colour = commune.Colour, postalCodes = commune.PostalCodes };

    private static object Field(ProcedureDefinition procedure, FieldDefinition field, Language language, DateOnly today, IReadOnlyCollection<string> communePostalCodes) => new
    {
        name = field.Name,
        type = JsonNamingPolicy.CamelCase.ConvertName(field.Kind.ToString()),
        label = field.Label.In(language),
        help = field.Help?.In(language),
        required = field.Required,
        minLength = field.MinLength > 0 ? field.MinLength : (int?)null,
        maxLength = field.Kind is FieldKind.File or FieldKind.Choice or FieldKind.YesNo ? (int?)null : field.MaxLength,
        pattern = field.Pattern,
        min = field.Min,
        max = field.Max,
        display = field.Kind == FieldKind.Choice ? field.Display.ToString().ToLowerInvariant() : null,
        choices = field.Kind == FieldKind.Choice
            ? (procedure.Rules.ChoicesFor(field, today) ?? field.Choices).Select(choice => new { value = choice.Value, label = choice.Label.In(language) })
            : null,
        showIf = field.ShowIf,
        requiredIf = field.RequiredIf,
        files = field.Files is { } files
            ? new { maxCount = files.MaxCount, maxBytes = files.MaxBytes, accept = files.AllowedTypes.Select(type => type.ContentType), types = ClientValidation.FileTypes(files) }
            : null,
        autocomplete = field.AutocompleteToken,
        messages = ClientValidation.Messages(procedure, field, language, today, communePostalCodes),
    };

    /// <summary>Answers 304 when the client already has this exact body.</summary>
    private static WrittenResult Cached(HttpRequest request, string json)
    {
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..32]}\"";
        var result = request.Headers.IfNoneMatch.Any(value => value == etag || value == "*")
            ? (WrittenResult)new EmptyResult(StatusCodes.Status304NotModified)
            : new TextBodyResult(200, "application/json; charset=utf-8", json);
        return result.WithHeader("ETag", etag).WithHeader("Cache-Control", "public, max-age=300").WithHeader("Vary", "Accept-Language");
    }
}
