using Serverless.Core.Localization;

namespace Serverless.Core.Procedures;

public enum FieldKind
{
    Text,
    LongText,
    Email,
    Phone,
    Date,
    PostalCode,
    Choice,
    File,
}

/// <summary>One allowed value of a choice field, with its label.</summary>
public sealed record Choice(string Value, Text Label);

/// <summary>Limits of a file field: how many files, how large, which content types (checked by content).</summary>
public sealed record FileRules(int MaxCount, long MaxBytes, IReadOnlyList<FileType> AllowedTypes);

/// <summary>One field of a procedure's form. Everything the validator and the form page need.</summary>
public sealed record FieldDefinition(string Name, FieldKind Kind, Text Label)
{
    public bool Required { get; init; } = true;

    public int MaxLength { get; init; } = 200;

    public Text? Help { get; init; }

    public IReadOnlyList<Choice> Choices { get; init; } = [];

    public FileRules? Files { get; init; }

    /// <summary>Shown in summaries (review e-mail and page); attachments never are.</summary>
    public bool IsSummary { get; init; } = true;

    /// <summary>Printed on the certificate; contact details are not, as the certificate is shown to third parties.</summary>
    public bool OnCertificate { get; init; } = true;
}
