using Serverless.Core.Procedures;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>
/// The messages the validator can give for one field, in French and English, worded exactly as it words them (the
/// validator builds its errors with <see cref="Of"/>). Published in the procedure's definition so that a client
/// (the widget) checks with the same rules and says the same thing as the server. A file's name, known only to the
/// client, stays as the placeholder <c>{file}</c>.
/// </summary>
public static class FieldMessages
{
    public const string FilePlaceholder = "{file}";

    /// <summary>The message of <paramref name="template"/> for this field: its label first, then the arguments.</summary>
    public static Text Of(FieldDefinition field, Text template, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(template);
        return new Text(template.Format(Language.French, [field.Label.Fr, .. args]), template.Format(Language.English, [field.Label.En, .. args]));
    }

    public static IReadOnlyDictionary<string, Text> For(ProcedureDefinition procedure, FieldDefinition field, IReadOnlyCollection<string> communePostalCodes, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(communePostalCodes);
        var messages = new Dictionary<string, Text>(StringComparer.Ordinal);
        if (field.Kind == FieldKind.File)
        {
            var rules = field.Files!;
            messages["fileMissing"] = Of(field, ValidationMessages.FileMissing);
            messages["tooManyFiles"] = Of(field, ValidationMessages.TooManyFiles, rules.MaxCount);
            messages["fileEmpty"] = Of(field, ValidationMessages.FileEmpty, FilePlaceholder);
            messages["fileTooLarge"] = Of(field, ValidationMessages.FileTooLarge, FilePlaceholder, rules.MaxBytes / (1024 * 1024));
            messages["fileType"] = Of(field, ValidationMessages.FileType, FilePlaceholder, string.Join(" / ", rules.AllowedTypes.Select(type => type.Name)));
            return messages;
        }

        messages["required"] = Of(field, ValidationMessages.Required);
        messages["tooLong"] = Of(field, ValidationMessages.TooLong, field.MaxLength);
        if (field.MinLength > 0)
        {
            messages["tooShort"] = Of(field, ValidationMessages.TooShort, field.MinLength);
        }

        messages["controlCharacters"] = Of(field, ValidationMessages.ControlCharacters);
        if (field.Pattern is not null)
        {
            messages["pattern"] = field.PatternMessage ?? Of(field, ValidationMessages.PatternMismatch);
        }

        switch (field.Kind)
        {
            case FieldKind.Email:
                messages["invalidEmail"] = Of(field, ValidationMessages.InvalidEmail);
                break;
            case FieldKind.Phone:
                messages["invalidPhone"] = Of(field, ValidationMessages.InvalidPhone);
                break;
            case FieldKind.Date:
                messages["invalidDate"] = Of(field, ValidationMessages.InvalidDate);
                messages["futureDate"] = Of(field, ValidationMessages.FutureDate);
                break;
            case FieldKind.Number:
                messages["invalidNumber"] = Of(field, ValidationMessages.InvalidNumber);
                messages["numberOutOfRange"] = Of(field, ValidationMessages.NumberOutOfRange, field.Min ?? decimal.MinValue, field.Max ?? decimal.MaxValue);
                break;
            case FieldKind.PostalCode:
                messages["invalidPostalCode"] = Of(field, ValidationMessages.InvalidPostalCode);
                if (communePostalCodes.Count > 0)
                {
                    messages["postalCodeOutsideCommune"] = Of(field, ValidationMessages.PostalCodeOutsideCommune, string.Join(", ", communePostalCodes));
                }

                break;
            case FieldKind.Choice:
                var choices = procedure.Rules.ChoicesFor(field, today) ?? field.Choices;
                messages["notAllowed"] = Of(field, ValidationMessages.NotAllowed, string.Join(", ", choices.Select(choice => choice.Value)));
                if (!field.AllowsSeveralValues)
                {
                    messages["singleValueExpected"] = Of(field, ValidationMessages.SingleValueExpected);
                }

                break;
            case FieldKind.YesNo:
                messages["invalidYesNo"] = Of(field, ValidationMessages.InvalidYesNo);
                break;
        }

        return messages;
    }
}
