using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;
using Serverless.Core.Localization;
using Serverless.Core.Procedures;

namespace Serverless.Core.Applications;

/// <summary>A file that passed its checks, with the type recognised from its content.</summary>
public sealed record AcceptedFile(string FieldName, string OriginalName, FileType Type, byte[] Content);

/// <summary>The outcome of validating a submission: normalised values and files, or field errors.</summary>
public sealed record ValidationResult(
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<AcceptedFile> Files,
    IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Enforces a procedure's rules on a submission, for every input format: normalises text (trim, Unicode NFC),
/// refuses unknown fields, over-long values and files that are not what they claim to be.
/// </summary>
public sealed partial class SubmissionValidator(TimeProvider clock)
{
    public ValidationResult Validate(ProcedureDefinition procedure, RawSubmission submission, IReadOnlyCollection<string> communePostalCodes)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(submission);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var errors = new List<FieldError>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var name in submission.MalformedFields)
        {
            errors.Add(new FieldError(name, ValidationMessages.Malformed));
        }

        foreach (var name in submission.Fields.Keys.Where(name => !SubmissionReader.ControlFields.Contains(name)))
        {
            var field = procedure.Field(name);
            if (field is null || field.Kind == FieldKind.File)
            {
                errors.Add(new FieldError(name, ValidationMessages.UnknownField));
            }
        }

        foreach (var file in submission.Files.Where(file => procedure.Field(file.FieldName) is not { Kind: FieldKind.File }))
        {
            errors.Add(new FieldError(file.FieldName, ValidationMessages.UnknownField));
        }

        var files = new List<AcceptedFile>();
        foreach (var field in procedure.Fields)
        {
            if (field.Kind == FieldKind.File)
            {
                files.AddRange(CheckFiles(field, submission.Files.Where(file => file.FieldName == field.Name).ToList(), errors));
                continue;
            }

            var raw = submission.Fields.GetValueOrDefault(field.Name);
            var value = Normalise(raw);
            if (value.Length == 0)
            {
                if (field.Required)
                {
                    errors.Add(Error(field, ValidationMessages.Required));
                }

                continue;
            }

            var error = CheckValue(procedure, field, value, today, communePostalCodes, out var normalised);
            if (error is null)
            {
                values[field.Name] = normalised;
            }
            else
            {
                errors.Add(error);
            }
        }

        if (errors.Count == 0)
        {
            errors.AddRange(procedure.Rules.Check(values, today));
        }

        return new ValidationResult(values, files, errors);
    }

    public static string Normalise(string? raw) =>
        string.IsNullOrWhiteSpace(raw) ? string.Empty : raw.Trim().Normalize(NormalizationForm.FormC);

    private static FieldError? CheckValue(
        ProcedureDefinition procedure,
        FieldDefinition field,
        string value,
        DateOnly today,
        IReadOnlyCollection<string> communePostalCodes,
        out string normalised)
    {
        normalised = value;
        if (value.Length > field.MaxLength)
        {
            return Error(field, ValidationMessages.TooLong, field.MaxLength);
        }

        if (HasControlCharacters(value, allowNewLines: field.Kind == FieldKind.LongText))
        {
            return Error(field, ValidationMessages.ControlCharacters);
        }

        switch (field.Kind)
        {
            case FieldKind.Email:
                return IsEmail(value) ? null : Error(field, ValidationMessages.InvalidEmail);
            case FieldKind.Phone:
                if (!FrenchPhone().IsMatch(value))
                {
                    return Error(field, ValidationMessages.InvalidPhone);
                }

                normalised = NormalisePhone(value);
                return null;
            case FieldKind.Date:
                if (!TryParseDate(value, out var date))
                {
                    return Error(field, ValidationMessages.InvalidDate);
                }

                if (date > today)
                {
                    return Error(field, ValidationMessages.FutureDate);
                }

                normalised = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return null;
            case FieldKind.PostalCode:
                if (!PostalCode().IsMatch(value))
                {
                    return Error(field, ValidationMessages.InvalidPostalCode);
                }

                return communePostalCodes.Count == 0 || communePostalCodes.Contains(value)
                    ? null
                    : Error(field, ValidationMessages.PostalCodeOutsideCommune, string.Join(", ", communePostalCodes));
            case FieldKind.Choice:
                var choices = procedure.Rules.ChoicesFor(field.Name, today) ?? field.Choices;
                return choices.Any(choice => choice.Value == value)
                    ? null
                    : Error(field, ValidationMessages.NotAllowed, string.Join(", ", choices.Select(choice => choice.Value)));
            default:
                return null;
        }
    }

    private static IEnumerable<AcceptedFile> CheckFiles(FieldDefinition field, List<UploadedFile> uploads, List<FieldError> errors)
    {
        var rules = field.Files ?? throw new InvalidOperationException($"File field {field.Name} has no file rules.");
        if (uploads.Count == 0)
        {
            if (field.Required)
            {
                errors.Add(Error(field, ValidationMessages.FileMissing));
            }

            yield break;
        }

        if (uploads.Count > rules.MaxCount)
        {
            errors.Add(Error(field, ValidationMessages.TooManyFiles, rules.MaxCount));
            yield break;
        }

        foreach (var upload in uploads)
        {
            var shownName = string.IsNullOrWhiteSpace(upload.OriginalName) ? "?" : upload.OriginalName;
            if (upload.Content.Length == 0)
            {
                errors.Add(Error(field, ValidationMessages.FileEmpty, shownName));
                continue;
            }

            if (upload.Content.Length > rules.MaxBytes)
            {
                errors.Add(Error(field, ValidationMessages.FileTooLarge, shownName, rules.MaxBytes / (1024 * 1024)));
                continue;
            }

            var type = FileType.Detect(upload.Content, rules.AllowedTypes);
            if (type is null)
            {
                errors.Add(Error(field, ValidationMessages.FileType, shownName, string.Join(" / ", rules.AllowedTypes.Select(allowed => allowed.Name))));
                continue;
            }

            yield return new AcceptedFile(field.Name, Path.GetFileName(upload.OriginalName), type, upload.Content);
        }
    }

    private static FieldError Error(FieldDefinition field, Text template, params object[] args) =>
        new(field.Name, new Text(
            template.Format(Language.French, [field.Label.Fr, .. args]),
            template.Format(Language.English, [field.Label.En, .. args])));

    private static bool IsEmail(string value) =>
        EmailShape().IsMatch(value) && MailAddress.TryCreate(value, out var address) && address.Address == value;

    public static bool TryParseDate(string value, out DateOnly date) =>
        DateOnly.TryParseExact(value, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static string NormalisePhone(string value)
    {
        var digits = new string(value.Where(char.IsAsciiDigit).ToArray());
        if (value.StartsWith('+'))
        {
            return "+" + digits;
        }

        return digits.StartsWith("0033", StringComparison.Ordinal) ? "+" + digits[2..] : digits;
    }

    private static bool HasControlCharacters(string value, bool allowNewLines) =>
        value.Any(character => char.IsControl(character) && !(allowNewLines && character is '\n' or '\r' or '\t'));

    [GeneratedRegex(@"^(?:(?:\+|00)33[\s.-]?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}$")]
    private static partial Regex FrenchPhone();

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex PostalCode();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
