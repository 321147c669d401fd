using System.Globalization;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Procedures;

/// <summary>A rule written in a procedure definition (<c>rules</c>), checked after each field passed its own checks.</summary>
public sealed record RuleSpec(string Type, string Field, string? SchoolYearField, int Min, int Max);

/// <summary>
/// The rule types a definition can use. Adding a procedure needs no code; adding a new kind of rule does, here.
/// </summary>
public sealed class DeclarativeRules(IReadOnlyList<RuleSpec> rules) : IProcedureRules
{
    public const string AgeOnSchoolYearStart = "ageOnSchoolYearStart";
    public const string AgeToday = "ageToday";
    public const string OpenSchoolYearsSource = "openSchoolYears";

    public static readonly IReadOnlyList<string> KnownTypes = [AgeOnSchoolYearStart, AgeToday];

    /// <summary>{0} min, {1} max, {2} the school year's first year, {3} the age then. Served in the definition for the widget.</summary>
    public static readonly Text AgeOnSchoolYearStartMessage = new(
        "L'enfant doit avoir entre {0} et {1} ans au 1er septembre {2} (il aura {3} ans).",
        "The child must be between {0} and {1} years old on 1 September {2} (they will be {3}).");

    /// <summary>{0} min, {1} max, {2} the age today.</summary>
    public static readonly Text AgeTodayMessage = new(
        "L'âge doit être compris entre {0} et {1} ans (âge actuel : {2} ans).",
        "The age must be between {0} and {1} (current age: {2}).");

    /// <summary>The message template of a rule type (the widget formats it with the same arguments).</summary>
    public static Text? MessageOf(string type) => type switch
    {
        AgeOnSchoolYearStart => AgeOnSchoolYearStartMessage,
        AgeToday => AgeTodayMessage,
        _ => null,
    };

    public IReadOnlyList<RuleSpec> Specs => rules;

    public IReadOnlyList<Choice>? ChoicesFor(FieldDefinition field, DateOnly today) =>
        field?.ChoicesFrom == OpenSchoolYearsSource ? OpenSchoolYears(today) : null;

    public IEnumerable<FieldError> Check(IReadOnlyDictionary<string, string> values, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var rule in rules)
        {
            if (!values.TryGetValue(rule.Field, out var birthText))
            {
                continue;
            }

            var birthDate = DateOnly.ParseExact(birthText, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (rule.Type == AgeOnSchoolYearStart && rule.SchoolYearField is { } yearField && values.TryGetValue(yearField, out var year))
            {
                var start = SchoolYearStart(year);
                var age = AgeOn(birthDate, start);
                if (age < rule.Min || age > rule.Max)
                {
                    yield return new FieldError(rule.Field, Message(AgeOnSchoolYearStartMessage, rule.Min, rule.Max, start.Year, age));
                }
            }
            else if (rule.Type == AgeToday)
            {
                var age = AgeOn(birthDate, today);
                if (age < rule.Min || age > rule.Max)
                {
                    yield return new FieldError(rule.Field, Message(AgeTodayMessage, rule.Min, rule.Max, age));
                }
            }
        }
    }

    /// <summary>The current school year and the next one, e.g. "2026-2027" and "2027-2028" (years start on 1 September).</summary>
    public static IReadOnlyList<Choice> OpenSchoolYears(DateOnly today)
    {
        var currentStart = today.Month >= 9 ? today.Year : today.Year - 1;
        return [YearChoice(currentStart), YearChoice(currentStart + 1)];
    }

    public static DateOnly SchoolYearStart(string schoolYear) =>
        new(int.Parse(schoolYear.AsSpan(0, 4), CultureInfo.InvariantCulture), 9, 1);

    public static int AgeOn(DateOnly birthDate, DateOnly day)
    {
        var age = day.Year - birthDate.Year;
        return birthDate.AddYears(age) > day ? age - 1 : age;
    }

    private static Text Message(Text template, params object[] args) =>
        new(template.Format(Language.French, args), template.Format(Language.English, args));

    private static Choice YearChoice(int startYear)
    {
        var value = string.Create(CultureInfo.InvariantCulture, $"{startYear}-{startYear + 1}");
        return new(value, new(value, value));
    }
}
