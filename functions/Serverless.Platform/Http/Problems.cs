using System.Text.Json;
using Serverless.Platform.Localization;

namespace Serverless.Platform.Http;

/// <summary>RFC 9457 problem details, with field-level messages in the caller's language and the other one.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json; charset=utf-8";

    public static readonly Text ValidationTitle = new("La demande comporte des erreurs.", "The application has errors.");

    public static WrittenResult Validation(IReadOnlyList<FieldError> errors, Language language, string instance)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var total = errors.Count;

        // A body cannot make the answer larger than itself: the first errors are listed, the rest counted.
        errors = Bounded(errors);
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
            ["errorCount"] = total,
        };
        if (total > errors.Count)
        {
            body["errorsOmitted"] = total - errors.Count;
        }

        return Problem(400, body);
    }

    public static WrittenResult Simple(int status, string type, Text title, Text detail, Language language, string instance) =>
        Simple(status, type, title, detail, language, instance, extensions: null);

    public static WrittenResult Simple(int status, string type, Text title, Text detail, Language language, string instance, IReadOnlyDictionary<string, object>? extensions)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://citizen-eservices.example/problems/{type}",
            ["title"] = title.In(language),
            ["status"] = status,
            ["detail"] = detail.In(language),
            ["instance"] = instance,
        };
        foreach (var (name, value) in extensions ?? new Dictionary<string, object>())
        {
            body[name] = value;
        }

        return Problem(status, body);
    }

    /// <summary>The <c>errors</c> member of a refusal about one field, in both languages.</summary>
    public static IReadOnlyDictionary<string, object> FieldErrors(string field, Text message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new Dictionary<string, object>
        {
            ["errors"] = new Dictionary<string, string[]> { [field] = [message.Fr] },
            ["errorsByLanguage"] = new Dictionary<string, object>
            {
                ["fr"] = new Dictionary<string, string[]> { [field] = [message.Fr] },
                ["en"] = new Dictionary<string, string[]> { [field] = [message.En] },
            },
        };
    }

    /// <summary>How many field errors one answer lists; the others are counted.</summary>
    public const int MaxReportedErrors = 20;

    /// <summary>The first <see cref="MaxReportedErrors"/> errors.</summary>
    public static IReadOnlyList<FieldError> Bounded(IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count <= MaxReportedErrors ? errors : [.. errors.Take(MaxReportedErrors)];
    }

    private static TextBodyResult Problem(int status, Dictionary<string, object?> body) =>
        new(status, ContentType, JsonSerializer.Serialize(body, Results.Json));
}
