using System.Globalization;
using System.Net.Mail;
using System.Text;
using System.Text.RegularExpressions;
using Serverless.Core.Procedures;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

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
/// Enforces a procedure's definition on a submission, the same way for every input format: normalises text (trim,
/// Unicode NFC), refuses unknown fields, over-long values and files that are not what they claim to be, applies
/// conditions (a field shown or required only when another has a given value), then the procedure's own rules.
/// </summary>
public sealed partial class SubmissionValidator(TimeProvider clock)
{
    public const string Yes = "yes";
    public const string No = "no";

    public ValidationResult Validate(ProcedureDefinition procedure, RawSubmission submission, IReadOnlyCollection<string> communePostalCodes)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(submission);
        var today = Serverless.Core.Deadlines.ParisToday.Of(clock);
        var errors = new List<FieldError>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);

        // One dictionary and two sets, built once: each name sent costs a lookup, never a scan of a list.
        var fieldsByName = procedure.Fields.ToDictionary(field => field.Name, StringComparer.Ordinal);
        var malformed = new HashSet<string>(submission.MalformedFields, StringComparer.Ordinal);
        foreach (var name in malformed)
        {
            errors.Add(new FieldError(name, ValidationMessages.Malformed));
        }

        var checkedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in submission.Names)
        {
            if (SubmissionReader.ControlFields.Contains(name) || malformed.Contains(name) || !checkedNames.Add(name))
            {
                continue;
            }

            // A file input left empty arrives as an empty text value: that is "no file", not a stray field.
            var field = fieldsByName.GetValueOrDefault(name);
            var emptyFileInput = field is { Kind: FieldKind.File } && submission.Fields.GetValueOrDefault(name) is "";
            if (field is null or { Kind: FieldKind.File } && !emptyFileInput)
            {
                errors.Add(Unknown(name));
            }
        }

        foreach (var file in submission.Files.Where(file => fieldsByName.GetValueOrDefault(file.FieldName) is not { Kind: FieldKind.File }))
        {
            errors.Add(Unknown(file.FieldName));
        }

        var filesByField = submission.Files.ToLookup(file => file.FieldName, StringComparer.Ordinal);
        var files = new List<AcceptedFile>();
        foreach (var field in procedure.Fields)
        {
            // A field whose condition does not hold is not part of this application: what was sent for it is dropped.
            if (field.ShowIf is { } shown && !shown.HoldsFor(Controlling(submission, shown.Field)))
            {
                continue;
            }

            var required = field.Required || (field.RequiredIf?.HoldsFor(Controlling(submission, field.RequiredIf.Field)) ?? false);
            if (field.Kind == FieldKind.File)
            {
                files.AddRange(CheckFiles(field, required, [.. filesByField[field.Name]], errors));
                continue;
            }

            var sent = Sent(submission, field);
            if (sent.Count > 1 && !field.AllowsSeveralValues)
            {
                errors.Add(Error(field, ValidationMessages.SingleValueExpected));
                continue;
            }

            if (sent.Count == 0)
            {
                if (required)
                {
                    errors.Add(Error(field, ValidationMessages.Required));
                }

                continue;
            }

            var error = field.AllowsSeveralValues
                ? CheckChoices(procedure, field, sent, today, out var normalised)
                : CheckValue(procedure, field, sent[0], today, communePostalCodes, out normalised);
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

    public static string Normalise(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return string.Empty;
        }

        var trimmed = raw.Trim();
        try
        {
            return trimmed.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // ICU refuses to normalise text with a noncharacter such as U+FFFE (a 500 before): kept as sent, and the
            // field's check refuses it with a message.
            return trimmed;
        }
    }

    /// <summary>The non-empty values sent for a field, normalised.</summary>
    private static List<string> Sent(RawSubmission submission, FieldDefinition field)
    {
        IEnumerable<string> raw = submission.Repeated.TryGetValue(field.Name, out var several)
            ? several
            : submission.Fields.TryGetValue(field.Name, out var one) ? [one] : [];
        return [.. raw.Select(Normalise).Where(value => value.Length > 0)];
    }

    /// <summary>The value a condition looks at, as sent (choice values; several joined by commas).</summary>
    private static string? Controlling(RawSubmission submission, string fieldName)
    {
        if (submission.Repeated.TryGetValue(fieldName, out var several))
        {
            return string.Join(',', several.Select(Normalise));
        }

        var value = submission.Fields.GetValueOrDefault(fieldName);
        return value is null ? null : YesNoValue(Normalise(value)) ?? Normalise(value);
    }

    private static FieldError? CheckChoices(ProcedureDefinition procedure, FieldDefinition field, List<string> sent, DateOnly today, out string normalised)
    {
        normalised = string.Empty;
        var choices = procedure.Rules.ChoicesFor(field, today) ?? field.Choices;
        var unknown = sent.FirstOrDefault(value => choices.All(choice => choice.Value != value));
        if (unknown is not null)
        {
            return Error(field, ValidationMessages.NotAllowed, string.Join(", ", choices.Select(choice => choice.Value)));
        }

        // Kept in the definition's order, once each, whatever order the browser sent them in.
        normalised = string.Join(',', choices.Where(choice => sent.Contains(choice.Value)).Select(choice => choice.Value));
        return null;
    }

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

        if (value.Length < field.MinLength)
        {
            return Error(field, ValidationMessages.TooShort, field.MinLength);
        }

        if (HasControlCharacters(value, allowNewLines: field.Kind == FieldKind.LongText))
        {
            return Error(field, ValidationMessages.ControlCharacters);
        }

        if (field.Pattern is { } pattern && !Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromMilliseconds(100)))
        {
            return field.PatternMessage is { } message ? new FieldError(field.Name, message) : Error(field, ValidationMessages.PatternMismatch);
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
            case FieldKind.Number:
                if (!decimal.TryParse(value.Replace(',', '.').Replace(" ", string.Empty, StringComparison.Ordinal), NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
                {
                    return Error(field, ValidationMessages.InvalidNumber);
                }

                if ((field.Min is { } min && number < min) || (field.Max is { } max && number > max))
                {
                    return Error(field, ValidationMessages.NumberOutOfRange, field.Min ?? decimal.MinValue, field.Max ?? decimal.MaxValue);
                }

                normalised = number.ToString(CultureInfo.InvariantCulture);
                return null;
            case FieldKind.YesNo:
                if (YesNoValue(value) is not { } answer)
                {
                    return Error(field, ValidationMessages.InvalidYesNo);
                }

                normalised = answer;
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
                var choices = procedure.Rules.ChoicesFor(field, today) ?? field.Choices;
                return choices.Any(choice => choice.Value == value)
                    ? null
                    : Error(field, ValidationMessages.NotAllowed, string.Join(", ", choices.Select(choice => choice.Value)));
            default:
                return null;
        }
    }

    /// <summary>"yes"/"no" from what forms and scripts send: oui/non, true/false, on (a ticked checkbox).</summary>
    private static string? YesNoValue(string value) => value.ToUpperInvariant() switch
    {
        "YES" or "OUI" or "TRUE" or "ON" or "1" => Yes,
        "NO" or "NON" or "FALSE" or "OFF" or "0" => No,
        _ => null,
    };

    private static IEnumerable<AcceptedFile> CheckFiles(FieldDefinition field, bool required, List<UploadedFile> uploads, List<FieldError> errors)
    {
        var rules = field.Files ?? throw new InvalidOperationException($"File field {field.Name} has no file rules.");
        if (uploads.Count == 0)
        {
            if (required)
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

    private static FieldError Unknown(string name) =>
        new(name, new Text(ValidationMessages.UnknownField.Format(Language.French, name), ValidationMessages.UnknownField.Format(Language.English, name)));

    private static FieldError Error(FieldDefinition field, Text template, params object[] args) =>
        new(field.Name, FieldMessages.Of(field, template, args));

    private static bool IsEmail(string value) =>
        EmailShape().IsMatch(value) && MailAddress.TryCreate(value, out var address) && address.Address == value;

    public static bool TryParseDate(string value, out DateOnly date) =>
        DateOnly.TryParseExact(value, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static string NormalisePhone(string value)
    {
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        if (value.StartsWith('+'))
        {
            return "+" + digits;
        }

        return digits.StartsWith("0033", StringComparison.Ordinal) ? "+" + digits[2..] : digits;
    }

    /// <summary>
    /// Control characters, and U+FFFE / U+FFFF: not characters at all, no keyboard types them, and XML 1.0 (the
    /// commune's XLSX and ODS exports, the PDF's metadata) cannot carry them.
    /// </summary>
    private static bool HasControlCharacters(string value, bool allowNewLines) =>
        value.Any(character => (char.IsControl(character) && !(allowNewLines && character is '\n' or '\r' or '\t')) || character is '\uFFFE' or '\uFFFF');

    [GeneratedRegex(@"^(?:(?:\+|00)33[\s.-]?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}$")]
    private static partial Regex FrenchPhone();

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex PostalCode();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
