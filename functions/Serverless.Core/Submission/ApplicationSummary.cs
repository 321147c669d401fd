using Serverless.Core.Procedures;
using Serverless.Platform.Localization;

namespace Serverless.Core.Submission;

/// <summary>One line of an application as people read it: the field's label and the value in words.</summary>
public sealed record SummaryLine(string Label, string Value);

/// <summary>Turns stored values into what pages, e-mails and certificates show (choice labels, dates in words).</summary>
public static class ApplicationSummary
{
    public static IReadOnlyList<SummaryLine> Lines(ProcedureDefinition procedure, IReadOnlyDictionary<string, string> values, Language language) =>
        Lines(procedure, values, language, field => field.IsSummary);

    /// <summary>The certificate's table: the fields its template names, in that order (else every printable field).</summary>
    public static IReadOnlyList<SummaryLine> CertificateLines(ProcedureDefinition procedure, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(values);
        if (procedure.Certificate.Fields.Count == 0)
        {
            return Lines(procedure, values, Language.French, field => field.IsSummary && field.OnCertificate);
        }

        return
        [
            .. procedure.Certificate.Fields
                .Select(procedure.Field)
                .Where(field => field is not null && values.ContainsKey(field.Name))
                .Select(field => new SummaryLine(field!.Label.Fr, Display(field, values[field.Name], Language.French))),
        ];
    }

    private static IReadOnlyList<SummaryLine> Lines(ProcedureDefinition procedure, IReadOnlyDictionary<string, string> values, Language language, Func<FieldDefinition, bool> include)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(values);
        return
        [
            .. procedure.Fields
                .Where(field => include(field) && values.ContainsKey(field.Name))
                .Select(field => new SummaryLine(field.Label.In(language), Display(field, values[field.Name], language))),
        ];
    }

    public static string Display(FieldDefinition field, string value, Language language)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.Kind switch
        {
            FieldKind.Choice => string.Join(", ", value.Split(',').Select(part => field.Choices.FirstOrDefault(choice => choice.Value == part)?.Label.In(language) ?? part)),
            FieldKind.YesNo => value == SubmissionValidator.Yes ? new Text("Oui", "Yes").In(language) : new Text("Non", "No").In(language),
            FieldKind.Number when decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var number) => number.ToString("#,##0.##", Text.Culture(language)),
            FieldKind.Date when SubmissionValidator.TryParseDate(value, out var date) => LongDate(date, language),
            _ => value,
        };
    }

    public static string LongDate(DateOnly date, Language language) =>
        date.ToString("d MMMM yyyy", Text.Culture(language));

    public static string LongDate(DateTimeOffset moment, Language language) =>
        LongDate(DateOnly.FromDateTime(ParisTime(moment)), language);

    /// <summary>French administrative dates and times are Paris time.</summary>
    public static DateTime ParisTime(DateTimeOffset moment) =>
        TimeZoneInfo.ConvertTime(moment, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime;

    public static string DateTime(DateTimeOffset moment, Language language) =>
        ParisTime(moment).ToString(language == Language.English ? "d MMMM yyyy, HH:mm" : "d MMMM yyyy à HH:mm", Text.Culture(language));

    /// <summary>Fills <c>{field}</c> placeholders with display values; unknown placeholders are left visible.</summary>
    public static string Fill(string template, ProcedureDefinition procedure, IReadOnlyDictionary<string, string> values, Language language)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(procedure);
        var result = template;
        foreach (var field in procedure.Fields)
        {
            if (values.TryGetValue(field.Name, out var value))
            {
                result = result.Replace("{" + field.Name + "}", Display(field, value, language), StringComparison.Ordinal);
            }
        }

        return result;
    }

    /// <summary>The person the application is about (the certificate's holder), e.g. "Léa Martin".</summary>
    public static string HolderName(ProcedureDefinition procedure, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return string.Join(' ', procedure.HolderFields.Select(values.GetValueOrDefault).Where(part => !string.IsNullOrEmpty(part)));
    }
}
