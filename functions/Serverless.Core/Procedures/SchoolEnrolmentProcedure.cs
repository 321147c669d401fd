using System.Globalization;
using Serverless.Core.Localization;

namespace Serverless.Core.Procedures;

/// <summary>"Inscription scolaire": enrolling a child in one of the commune's public schools.</summary>
public static class SchoolEnrolmentProcedure
{
    public const string Id = "school-enrolment";

    public static ProcedureDefinition Definition { get; } = new(
        Id,
        ReferencePrefix: "ECO",
        Title: new("Inscription scolaire", "School enrolment"),
        Description: new(
            "Inscrire un enfant dans une école publique de la commune.",
            "Enrol a child in one of the commune's public schools."),
        Fields:
        [
            new("childFirstName", FieldKind.Text, new("Prénom de l'enfant", "Child's first name")) { MaxLength = 100 },
            new("childLastName", FieldKind.Text, new("Nom de l'enfant", "Child's last name")) { MaxLength = 100 },
            new("childBirthDate", FieldKind.Date, new("Date de naissance de l'enfant", "Child's date of birth")),
            new("schoolYear", FieldKind.Choice, new("Année scolaire", "School year")),
            new("school", FieldKind.Choice, new("École demandée", "Requested school"))
            {
                Choices =
                [
                    new("ecole-jules-ferry", new("École élémentaire Jules-Ferry", "Jules-Ferry primary school")),
                    new("ecole-marie-curie", new("École maternelle Marie-Curie", "Marie-Curie nursery school")),
                    new("ecole-jean-jaures", new("Groupe scolaire Jean-Jaurès", "Jean-Jaurès school")),
                ],
            },
            new("parentName", FieldKind.Text, new("Nom et prénom du responsable légal", "Parent or guardian's full name")) { MaxLength = 150 },
            new("parentEmail", FieldKind.Email, new("Courriel du responsable légal", "Parent's e-mail address")) { MaxLength = 254, OnCertificate = false },
            new("parentPhone", FieldKind.Phone, new("Téléphone du responsable légal", "Parent's phone number")) { MaxLength = 20, OnCertificate = false },
            new("addressLine", FieldKind.Text, new("Adresse (numéro et voie)", "Address (number and street)")) { MaxLength = 200 },
            new("postalCode", FieldKind.PostalCode, new("Code postal", "Postal code")) { MaxLength = 5 },
            new("city", FieldKind.Text, new("Commune", "Town")) { MaxLength = 100 },
            new("proofOfAddress", FieldKind.File, new("Justificatif de domicile (PDF, JPEG ou PNG, 5 Mo au plus)", "Proof of address (PDF, JPEG or PNG, at most 5 MB)"))
            {
                IsSummary = false,
                Files = new(MaxCount: 1, MaxBytes: 5 * 1024 * 1024, [FileType.Pdf, FileType.Jpeg, FileType.Png]),
            },
        ],
        Certificate: new(
            new("Certificat d'inscription scolaire", "School enrolment certificate"),
            new(
                "Le maire certifie que l'enfant {childFirstName} {childLastName}, né(e) le {childBirthDate}, est inscrit(e) pour l'année scolaire {schoolYear} dans l'établissement suivant : {school}.",
                "The mayor certifies that the child {childFirstName} {childLastName}, born on {childBirthDate}, is enrolled for the school year {schoolYear} at the following school: {school}.")))
    {
        Rules = new SchoolEnrolmentRules(),
        HolderFields = ["childFirstName", "childLastName"],
        ContactEmailField = "parentEmail",
    };
}

/// <summary>The age window and the open school years: both depend on the start of the school year (1 September).</summary>
public sealed class SchoolEnrolmentRules : IProcedureRules
{
    public const int MinimumAge = 2;
    public const int MaximumAge = 11;

    public IReadOnlyList<Choice>? ChoicesFor(string fieldName, DateOnly today) =>
        fieldName == "schoolYear" ? OpenSchoolYears(today) : null;

    public IEnumerable<FieldError> Check(IReadOnlyDictionary<string, string> values, DateOnly today)
    {
        if (!values.TryGetValue("childBirthDate", out var birthText) || !values.TryGetValue("schoolYear", out var year))
        {
            yield break;
        }

        var birthDate = DateOnly.ParseExact(birthText, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var start = SchoolYearStart(year);
        var age = AgeOn(birthDate, start);
        if (age is < MinimumAge or > MaximumAge)
        {
            yield return new FieldError("childBirthDate", new(
                $"L'enfant doit avoir entre {MinimumAge} et {MaximumAge} ans au 1er septembre {start.Year} (il aura {age} ans).",
                $"The child must be between {MinimumAge} and {MaximumAge} years old on 1 September {start.Year} (they will be {age})."));
        }
    }

    /// <summary>The current school year and the next one, e.g. "2026-2027" and "2027-2028".</summary>
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

    private static Choice YearChoice(int startYear)
    {
        var value = $"{startYear}-{startYear + 1}";
        return new(value, new(value, value));
    }
}
