using System.Text.Json;
using Serverless.Core.Localization;
using Serverless.Core.Procedures;

namespace Serverless.Core.Http;

/// <summary>RFC 9457 problem details, with field-level messages in the caller's language and the other one.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json; charset=utf-8";

    public static readonly Text ValidationTitle = new("La demande comporte des erreurs.", "The application has errors.");

    public static WrittenResult Validation(IReadOnlyList<FieldError> errors, Language language, string instance)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var body = new Dictionary<string, object?>
        {
            ["type"] = "https://citizen-eservices.example/problems/validation",
            ["title"] = ValidationTitle.In(language),
            ["status"] = 400,
            ["detail"] = new Text(
                "Corrigez les champs indiqués puis renvoyez la demande. Rien n'a été enregistré.",
                "Correct the fields listed and send the application again. Nothing was stored.").In(language),
            ["instance"] = instance,
            ["errors"] = errors.GroupBy(error => error.Field).ToDictionary(group => group.Key, group => group.Select(error => error.Message.In(language)).ToArray()),
            ["errorsByLanguage"] = new Dictionary<string, object>
            {
                ["fr"] = errors.GroupBy(error => error.Field).ToDictionary(group => group.Key, group => group.Select(error => error.Message.Fr).ToArray()),
                ["en"] = errors.GroupBy(error => error.Field).ToDictionary(group => group.Key, group => group.Select(error => error.Message.En).ToArray()),
            },
        };
        return Problem(400, body);
    }

    public static WrittenResult Simple(int status, string type, Text title, Text detail, Language language, string instance) =>
        Problem(status, new Dictionary<string, object?>
        {
            ["type"] = $"https://citizen-eservices.example/problems/{type}",
            ["title"] = title.In(language),
            ["status"] = status,
            ["detail"] = detail.In(language),
            ["instance"] = instance,
        });

    private static TextBodyResult Problem(int status, Dictionary<string, object?> body) =>
        new(status, ContentType, JsonSerializer.Serialize(body, Results.Json));
}
