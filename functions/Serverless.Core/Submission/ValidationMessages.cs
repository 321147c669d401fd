using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>Field-level messages shown to citizens. {0} is the field's label.</summary>
public static class ValidationMessages
{
    public static readonly Text Required = new("« {0} » est obligatoire.", "\"{0}\" is required.");
    public static readonly Text TooLong = new("« {0} » ne doit pas dépasser {1} caractères.", "\"{0}\" must not exceed {1} characters.");
    public static readonly Text InvalidEmail = new("« {0} » n'est pas une adresse électronique valide.", "\"{0}\" is not a valid e-mail address.");
    public static readonly Text InvalidPhone = new("« {0} » doit être un numéro français (ex. 06 12 34 56 78 ou +33 6 12 34 56 78).", "\"{0}\" must be a French phone number (e.g. 06 12 34 56 78 or +33 6 12 34 56 78).");
    public static readonly Text InvalidDate = new("« {0} » doit être une date valide (AAAA-MM-JJ ou JJ/MM/AAAA).", "\"{0}\" must be a valid date (YYYY-MM-DD or DD/MM/YYYY).");
    public static readonly Text FutureDate = new("« {0} » ne peut pas être dans le futur.", "\"{0}\" cannot be in the future.");
    public static readonly Text InvalidPostalCode = new("« {0} » doit comporter 5 chiffres.", "\"{0}\" must have 5 digits.");
    public static readonly Text PostalCodeOutsideCommune = new("« {0} » : l'adresse doit se trouver dans la commune ({1}).", "\"{0}\": the address must be in the commune ({1}).");
    public static readonly Text NotAllowed = new("« {0} » : valeur non proposée. Valeurs possibles : {1}.", "\"{0}\": this value is not offered. Possible values: {1}.");
    public static readonly Text ControlCharacters = new("« {0} » contient des caractères non autorisés.", "\"{0}\" contains characters that are not allowed.");
    public static readonly Text UnknownField = new("« {0} » : champ inconnu pour cette démarche.", "\"{0}\": unknown field for this procedure.");
    public static readonly Text Malformed = new("Valeur mal formée (texte attendu).", "Malformed value (text is expected).");
    public static readonly Text TooShort = new("« {0} » doit comporter au moins {1} caractères.", "\"{0}\" must have at least {1} characters.");
    public static readonly Text PatternMismatch = new("« {0} » n'a pas le format attendu.", "\"{0}\" does not have the expected format.");
    public static readonly Text InvalidNumber = new("« {0} » doit être un nombre.", "\"{0}\" must be a number.");
    public static readonly Text NumberOutOfRange = new("« {0} » doit être compris entre {1} et {2}.", "\"{0}\" must be between {1} and {2}.");
    public static readonly Text InvalidYesNo = new("« {0} » : répondez oui ou non.", "\"{0}\": answer yes or no.");
    public static readonly Text SingleValueExpected = new("« {0} » n'accepte qu'une seule valeur.", "\"{0}\" takes a single value.");
    public static readonly Text FileMissing = new("« {0} » : joignez un fichier.", "\"{0}\": please attach a file.");
    public static readonly Text TooManyFiles = new("« {0} » : {1} fichier(s) au plus.", "\"{0}\": at most {1} file(s).");
    public static readonly Text FileTooLarge = new("« {0} » : le fichier « {1} » dépasse {2} Mo.", "\"{0}\": the file \"{1}\" exceeds {2} MB.");
    public static readonly Text FileEmpty = new("« {0} » : le fichier « {1} » est vide.", "\"{0}\": the file \"{1}\" is empty.");
    public static readonly Text FileType = new("« {0} » : le fichier « {1} » n'est pas un {2} (contenu vérifié).", "\"{0}\": the file \"{1}\" is not a {2} (content checked).");
}
