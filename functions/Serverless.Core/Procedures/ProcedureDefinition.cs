using Serverless.Core.Localization;

namespace Serverless.Core.Procedures;

/// <summary>A procedure a citizen can file online: its form, how references look, and what its certificate says.</summary>
public sealed record ProcedureDefinition(
    string Id,
    string ReferencePrefix,
    Text Title,
    Text Description,
    IReadOnlyList<FieldDefinition> Fields,
    CertificateTemplate Certificate)
{
    /// <summary>Rules that span several fields or depend on the date; run after every field passed its own checks.</summary>
    public IProcedureRules Rules { get; init; } = NoExtraRules.Instance;

    public FieldDefinition? Field(string name) =>
        Fields.FirstOrDefault(field => string.Equals(field.Name, name, StringComparison.Ordinal));

    /// <summary>The fields that name the person the application is about (the certificate's holder).</summary>
    public required IReadOnlyList<string> HolderFields { get; init; }

    /// <summary>The field holding the citizen's e-mail address, where the receipt and decision are sent.</summary>
    public required string ContactEmailField { get; init; }
}

/// <summary>What the certificate of a procedure says; placeholders are field names in braces.</summary>
public sealed record CertificateTemplate(Text Title, Text Body);

/// <summary>Procedure-specific checks that need more than one field, or today's date.</summary>
public interface IProcedureRules
{
    /// <summary>Choices that depend on the date (e.g. open school years), by field name.</summary>
    IReadOnlyList<Choice>? ChoicesFor(string fieldName, DateOnly today) => null;

    IEnumerable<FieldError> Check(IReadOnlyDictionary<string, string> values, DateOnly today);
}

public sealed class NoExtraRules : IProcedureRules
{
    public static readonly NoExtraRules Instance = new();

    public IEnumerable<FieldError> Check(IReadOnlyDictionary<string, string> values, DateOnly today) => [];
}

/// <summary>A problem with one field, in both languages.</summary>
public sealed record FieldError(string Field, Text Message);
