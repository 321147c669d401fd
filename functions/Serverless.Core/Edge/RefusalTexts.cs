using Serverless.Platform.Localization;

namespace Serverless.Core.Edge;

/// <summary>The product text of refusals that the framework would otherwise answer with an empty body.</summary>
public static class RefusalTexts
{
    public static readonly Text BadRequestTitle = new("Requête invalide", "Bad request");

    public static readonly Text BadRequestDetail = new("La requête est mal formée. Rien n'a été enregistré.", "The request is malformed. Nothing was stored.");

    public static readonly Text NotFoundTitle = new("Adresse inconnue", "Unknown address");

    public static readonly Text NotFoundDetail = new(
        "Aucune page ni aucun service ne répond à cette adresse. La liste des démarches est sous /api/procedures.",
        "No page or service answers at this address. The list of procedures is at /api/procedures.");

    public static readonly Text MethodTitle = new("Méthode non autorisée", "Method not allowed");

    public static readonly Text MethodDetail = new(
        "Cette adresse n'accepte pas cette méthode HTTP ; l'en-tête Allow indique celles qu'elle accepte.",
        "This address does not accept this HTTP method; the Allow header lists the ones it accepts.");

    public static readonly Text BadPathTitle = new("Adresse invalide", "Invalid address");

    public static readonly Text BadPathDetail = new(
        "L'adresse contient des caractères interdits (caractère nul, caractères de contrôle ou encodage invalide).",
        "The address contains forbidden characters (null character, control characters or invalid encoding).");

    public static readonly Text UriTooLongTitle = new("Adresse trop longue", "Address too long");

    public static readonly Text UriTooLongDetail = new(
        "L'adresse dépasse 4 096 octets, la limite du service en ligne. Rien n'a été enregistré.",
        "The address is longer than 4,096 bytes, the online service's limit. Nothing was stored.");

    public static readonly Text UnsupportedTitle = new("Format non pris en charge", "Unsupported format");

    public static readonly Text TooManyTitle = new("Trop de demandes", "Too many requests");

    public static readonly Text TooManyDetail = new(
        "Trop de demandes ont été envoyées depuis cette adresse ou pour ce destinataire. Réessayez après le délai indiqué (en-tête Retry-After). Rien n'a été enregistré.",
        "Too many requests were sent from this address or for this recipient. Try again after the delay given (Retry-After header). Nothing was stored.");

    public static readonly Text ServerErrorTitle = new("Erreur inattendue", "Unexpected error");

    public static readonly Text ServerErrorDetail = new(
        "Une erreur inattendue s'est produite. Réessayez dans quelques instants.",
        "An unexpected error occurred. Please try again in a moment.");
}
