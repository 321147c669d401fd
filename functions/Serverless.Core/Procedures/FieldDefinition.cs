using Serverless.Platform.Localization;

namespace Serverless.Core.Procedures;

public enum FieldKind
{
    Text,
    LongText,
    Email,
    Phone,
    Date,
    Number,
    PostalCode,
    Choice,
    YesNo,
    File,
}

/// <summary>How a choice is presented; checkboxes allow several values.</summary>
public enum ChoiceDisplay
{
    Select,
    Radio,
    Checkboxes,
}

/// <summary>One allowed value of a choice field, with its label.</summary>
public sealed record Choice(string Value, Text Label);

/// <summary>Limits of a file field: how many files, how large, which content types (checked by content).</summary>
public sealed record FileRules(int MaxCount, long MaxBytes, IReadOnlyList<FileType> AllowedTypes);

/// <summary>"When field X has one of these values": drives conditional display and requirement.</summary>
public sealed record FieldCondition(string Field, IReadOnlyList<string> In)
{
    public bool HoldsFor(string? value) =>
        value is not null && value.Split(',', StringSplitOptions.TrimEntries).Any(part => In.Contains(part, StringComparer.Ordinal));
}

/// <summary>One field of a procedure's form. Everything the validator and the form page need.</summary>
public sealed record FieldDefinition(string Name, FieldKind Kind, Text Label)
{
    public bool Required { get; init; } = true;

    public int MinLength { get; init; }

    public int MaxLength { get; init; } = 200;

    public string? Pattern { get; init; }

    public Text? PatternMessage { get; init; }

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public Text? Help { get; init; }

    public IReadOnlyList<Choice> Choices { get; init; } = [];

    /// <summary>Choices computed from the date rather than listed (e.g. the open school years).</summary>
    public string? ChoicesFrom { get; init; }

    public ChoiceDisplay Display { get; init; } = ChoiceDisplay.Select;

    public FileRules? Files { get; init; }

    /// <summary>Shown (and its value kept) only when this holds; otherwise whatever was sent is dropped.</summary>
    public FieldCondition? ShowIf { get; init; }

    /// <summary>Required only when this holds (in addition to <see cref="Required"/>).</summary>
    public FieldCondition? RequiredIf { get; init; }

    /// <summary>Shown in summaries (review e-mail and page); attachments never are.</summary>
    public bool IsSummary { get; init; } = true;

    /// <summary>Printed on the certificate; contact details are not, as the certificate is shown to third parties.</summary>
    public bool OnCertificate { get; init; } = true;

    /// <summary>The catalogue's autocomplete token; null: the one the kind implies (email, tel, postal-code) or none.</summary>
    public string? Autocomplete { get; init; }

    /// <summary>
    /// The FranceConnect pivot-identity claim this field takes (<c>given_name</c>, <c>family_name</c>, <c>birthdate</c>…):
    /// prefilled and locked when the citizen signed in, its value then recorded as verified. Null: typed by the citizen.
    /// </summary>
    public string? IdentityClaim { get; init; }

    /// <summary>What the form's <c>autocomplete</c> attribute says (RGAA 11.13): only data about the person typing.</summary>
    public string? AutocompleteToken => Autocomplete ?? Kind switch
    {
        FieldKind.Email => "email",
        FieldKind.Phone => "tel",
        FieldKind.PostalCode => "postal-code",
        _ => null,
    };

    public bool AllowsSeveralValues => Kind == FieldKind.Choice && Display == ChoiceDisplay.Checkboxes;
}
