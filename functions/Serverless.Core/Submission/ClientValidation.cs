using Serverless.Core.Procedures;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>
/// The validation part of a procedure's definition as served to browsers (<c>GET /api/procedures/{id}</c>): each
/// field's messages, already formatted by the server from <see cref="ValidationMessages"/> with the field's label and
/// its limits, and the procedure's rules with their message templates. The widget checks with these, so it says
/// exactly what <see cref="SubmissionValidator"/> would; the server still checks everything again.
/// </summary>
public static class ClientValidation
{
    /// <summary>Stands for the file's name in file messages; the widget puts the chosen file's name in its place.</summary>
    public const string FileNamePlaceholder = "{file}";

    public static Dictionary<string, string> Messages(ProcedureDefinition procedure, FieldDefinition field, Language language, DateOnly today, IReadOnlyCollection<string> communePostalCodes)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(communePostalCodes);
        var label = field.Label.In(language);
        string Format(Text template, params object[] args) => template.Format(language, [label, .. args]);
        if (field.Kind == FieldKind.File)
        {
            var rules = field.Files!;
            return new(StringComparer.Ordinal)
            {
                ["fileMissing"] = Format(ValidationMessages.FileMissing),
                ["tooManyFiles"] = Format(ValidationMessages.TooManyFiles, rules.MaxCount),
                ["fileEmpty"] = Format(ValidationMessages.FileEmpty, FileNamePlaceholder),
                ["fileTooLarge"] = Format(ValidationMessages.FileTooLarge, FileNamePlaceholder, rules.MaxBytes / (1024 * 1024)),
                ["fileType"] = Format(ValidationMessages.FileType, FileNamePlaceholder, string.Join(" / ", rules.AllowedTypes.Select(type => type.Name))),
            };
        }

        var messages = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["required"] = Format(ValidationMessages.Required),
            ["tooLong"] = Format(ValidationMessages.TooLong, field.MaxLength),
            ["tooShort"] = Format(ValidationMessages.TooShort, field.MinLength),
            ["controlCharacters"] = Format(ValidationMessages.ControlCharacters),
            ["singleValueExpected"] = Format(ValidationMessages.SingleValueExpected),
        };
        if (field.Pattern is not null)
        {
            messages["pattern"] = field.PatternMessage?.In(language) ?? Format(ValidationMessages.PatternMismatch);
        }

        switch (field.Kind)
        {
            case FieldKind.Email:
                messages["invalidEmail"] = Format(ValidationMessages.InvalidEmail);
                break;
            case FieldKind.Phone:
                messages["invalidPhone"] = Format(ValidationMessages.InvalidPhone);
                break;
            case FieldKind.Date:
                messages["invalidDate"] = Format(ValidationMessages.InvalidDate);
                messages["futureDate"] = Format(ValidationMessages.FutureDate);
                break;
            case FieldKind.Number:
                messages["invalidNumber"] = Format(ValidationMessages.InvalidNumber);
                messages["numberOutOfRange"] = Format(ValidationMessages.NumberOutOfRange, field.Min ?? decimal.MinValue, field.Max ?? decimal.MaxValue);
                break;
            case FieldKind.YesNo:
                messages["invalidYesNo"] = Format(ValidationMessages.InvalidYesNo);
                break;
            case FieldKind.PostalCode:
                messages["invalidPostalCode"] = Format(ValidationMessages.InvalidPostalCode);
                messages["postalCodeOutsideCommune"] = Format(ValidationMessages.PostalCodeOutsideCommune, string.Join(", ", communePostalCodes));
                break;
            case FieldKind.Choice:
                var choices = procedure.Rules.ChoicesFor(field, today) ?? field.Choices;
                messages["notAllowed"] = Format(ValidationMessages.NotAllowed, string.Join(", ", choices.Select(choice => choice.Value)));
                break;
            default:
                break;
        }

        return messages;
    }

    /// <summary>The procedure's cross-field rules, each with its message template ({0} min, {1} max, then the rule's own).</summary>
    public static IEnumerable<object> Rules(ProcedureDefinition procedure, Language language)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        if (procedure.Rules is not DeclarativeRules declarative)
        {
            return [];
        }

        return declarative.Specs.Select(rule => new
        {
            type = rule.Type,
            field = rule.Field,
            schoolYearField = rule.SchoolYearField,
            min = rule.Min,
            max = rule.Max,
            message = DeclarativeRules.MessageOf(rule.Type)?.In(language),
        });
    }

    /// <summary>What a file of each allowed type starts with (hex), so the widget can refuse a renamed file before uploading it.</summary>
    public static IEnumerable<object> FileTypes(FileRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules.AllowedTypes.Select(type => new { name = type.Name, contentType = type.ContentType, magic = Convert.ToHexStringLower(type.MagicBytes) });
    }
}
