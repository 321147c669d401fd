using Serverless.Platform.Localization;

namespace Serverless.Core.Edge;

/// <summary>
/// A request refused before any of it was used: the body is too large, malformed, or not the encoding it claims.
/// Thrown by the body readers and turned into a problem+json (or an HTML page) by <see cref="RefusalResults"/>.
/// </summary>
public class RequestRefusedException : Exception
{
    public RequestRefusedException(int status, string type, Text title, Text detail, Exception? inner = null)
        : base($"{status} {type}: {detail.En}", inner)
    {
        Status = status;
        Type = type;
        Title = title;
        Detail = detail;
    }

    public RequestRefusedException()
        : this(400, "bad-request", RefusalTexts.BadRequestTitle, RefusalTexts.BadRequestDetail)
    {
    }

    public RequestRefusedException(string message)
        : base(message)
    {
        Status = 400;
        Type = "bad-request";
        Title = RefusalTexts.BadRequestTitle;
        Detail = RefusalTexts.BadRequestDetail;
    }

    public RequestRefusedException(string message, Exception inner)
        : base(message, inner)
    {
        Status = 400;
        Type = "bad-request";
        Title = RefusalTexts.BadRequestTitle;
        Detail = RefusalTexts.BadRequestDetail;
    }

    public int Status { get; }

    public string Type { get; }

    public Text Title { get; }

    public Text Detail { get; }

    /// <summary>The field the refusal is about, when there is one (its name as sent): problem+json lists it under <c>errors</c>.</summary>
    public string? Field { get; init; }

    /// <summary>For a 429: when the caller may try again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A body larger than the endpoint accepts, measured while it streams in.</summary>
    public static RequestRefusedException TooLarge(long limit) => new(
        413,
        "too-large",
        new Text("Demande trop volumineuse", "Request too large"),
        new Text(
            $"Le contenu envoyé dépasse la taille autorisée pour cette adresse ({Megabytes(limit)}). Rien n'a été enregistré.",
            $"The content sent exceeds the size allowed at this address ({Megabytes(limit)}). Nothing was stored."));

    public static RequestRefusedException MalformedJson(string where, Exception? inner = null) => new(
        400,
        "malformed-json",
        new Text("JSON mal formé", "Malformed JSON"),
        new Text($"Le corps de la requête n'est pas un JSON valide{where}. Rien n'a été enregistré.", $"The request body is not valid JSON{where}. Nothing was stored."),
        inner);

    public static RequestRefusedException JsonNotObject() => new(
        400,
        "json-not-object",
        new Text("Objet JSON attendu", "JSON object expected"),
        new Text("Le corps doit être un objet JSON { \"champ\": \"valeur\", … }. Rien n'a été enregistré.", "The body must be a JSON object { \"field\": \"value\", … }. Nothing was stored."));

    public static RequestRefusedException DuplicateKey(Exception? inner = null) => new(
        400,
        "duplicate-key",
        new Text("Champ en double", "Duplicate field"),
        new Text("Un même champ apparaît plusieurs fois dans l'objet JSON : envoyez-le une seule fois (un tableau pour plusieurs valeurs). Rien n'a été enregistré.", "A field appears more than once in the JSON object: send it once (an array for several values). Nothing was stored."),
        inner);

    public static RequestRefusedException TooDeep(int maxDepth, Exception? inner = null) => new(
        400,
        "too-deep",
        new Text("JSON trop imbriqué", "JSON nested too deeply"),
        new Text($"Le JSON dépasse {maxDepth} niveaux d'imbrication. Rien n'a été enregistré.", $"The JSON is nested deeper than {maxDepth} levels. Nothing was stored."),
        inner);

    public static RequestRefusedException InvalidUtf8(Exception? inner = null) => new(
        400,
        "invalid-utf8",
        new Text("Encodage invalide", "Invalid encoding"),
        new Text("Le corps de la requête n'est pas de l'UTF-8 valide. Rien n'a été enregistré.", "The request body is not valid UTF-8. Nothing was stored."),
        inner);

    public static RequestRefusedException MalformedMultipart(Exception? inner = null) => new(
        400,
        "malformed-multipart",
        new Text("Formulaire incomplet ou mal formé", "Incomplete or malformed form"),
        new Text("Le formulaire envoyé est tronqué ou mal formé (limites multipart). Renvoyez-le. Rien n'a été enregistré.", "The form sent is truncated or malformed (multipart boundaries). Send it again. Nothing was stored."),
        inner);

    public static RequestRefusedException TooManyParts(Exception? inner = null) => new(
        400,
        "too-many-parts",
        new Text("Trop de champs ou de fichiers", "Too many fields or files"),
        new Text("Le formulaire contient trop de champs, de fichiers ou des noms trop longs. Rien n'a été enregistré.", "The form has too many fields or files, or names that are too long. Nothing was stored."),
        inner);

    /// <summary>More fields (or JSON members) than any procedure has: refused at the first one over, before the rest is read.</summary>
    public static RequestRefusedException TooManyFields(int limit) => new(
        400,
        "too-many-fields",
        new Text("Trop de champs", "Too many fields"),
        new Text($"Le contenu envoyé compte plus de {limit} champs ou éléments. Rien n'a été enregistré.", $"The content sent has more than {limit} fields or items. Nothing was stored."));

    /// <summary>A field name longer than any procedure's.</summary>
    public static RequestRefusedException NameTooLong(int limit) => new(
        400,
        "name-too-long",
        new Text("Nom de champ trop long", "Field name too long"),
        new Text($"Un nom de champ dépasse {limit} caractères. Rien n'a été enregistré.", $"A field name is longer than {limit} characters. Nothing was stored."));

    /// <summary>A value (or a file name) longer than any field takes; names the field when it is known.</summary>
    public static RequestRefusedException TooLong(string field, int limit) => new(
        400,
        "value-too-long",
        new Text("Valeur trop longue", "Value too long"),
        new Text(
            $"La valeur {Quoted(field)}dépasse {limit} caractères. Rien n'a été enregistré.",
            $"The value {Quoted(field)}is longer than {limit} characters. Nothing was stored."))
    {
        Field = field.Length == 0 ? null : field,
    };

    private static string Quoted(string field) => field.Length == 0 ? string.Empty : $"« {field} » ";

    private static string Megabytes(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} Mo / MB" : $"{bytes / 1024} Ko / KB";
}
