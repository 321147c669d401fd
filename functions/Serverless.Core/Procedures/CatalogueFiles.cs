using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Core.Procedures;

// The shapes of the catalogue's JSON files, as written by a commune's staff. They are mapped to the runtime records
// (ProcedureDefinition, CommuneDefinition) once the JSON Schema and the cross-references have been checked.
#pragma warning disable CA1812 // Instantiated by System.Text.Json.
internal sealed record TextJson(string Fr, string En);

internal sealed record ConditionJson(string Field, List<string> In);

internal sealed record ChoiceJson(string Value, TextJson Label);

internal sealed record FilesJson(int MaxCount, double MaxSizeMb, List<string> Types);

internal sealed record FieldJson(
    string Name,
    string Type,
    TextJson Label,
    TextJson? Help,
    bool? Required,
    int? MinLength,
    int? MaxLength,
    string? Pattern,
    TextJson? PatternMessage,
    decimal? Min,
    decimal? Max,
    List<ChoiceJson>? Choices,
    string? ChoicesFrom,
    string? Display,
    ConditionJson? ShowIf,
    ConditionJson? RequiredIf,
    bool? Summary,
    bool? OnCertificate,
    FilesJson? Files)
{
    public string? Autocomplete { get; init; }

    public string? IdentityClaim { get; init; }
}

internal sealed record RuleJson(string Type, string Field, string? SchoolYearField, int Min, int Max);

internal sealed record ReviewJson(List<string>? Reviewers, string? Role, string? Deputy, string? Escalation, double? ReminderAfterDays, int? MaxReminders, double? EscalateAfterDays, double? CorrectionDelayDays);

/// <summary>
/// <c>decisionDeadline</c> (<c>{ "months": 2 }</c>, <c>{ "days": 15 }</c>) is how the law states a delay; the older
/// <c>decisionDeadlineDays</c> is still read, since published procedure versions (snapshots) and communes' files use it.
/// </summary>
internal sealed record LegalJson(int? DecisionDeadlineDays, PeriodJson? DecisionDeadline, string SilenceMeans, TextJson ReceiptMentions)
{
    public string? CorrectionEffect { get; init; }
}

internal sealed record PeriodJson(int? Months, int? Days);

internal sealed record CertificateJson(TextJson Title, TextJson Body, List<string> Fields, string SignatoryName, string SignatoryTitle);

internal sealed record ProcedureJson(
    string Id,
    int Version,
    string Commune,
    string ReferencePrefix,
    string Category,
    TextJson Title,
    TextJson Description,
    List<FieldJson> Fields,
    List<RuleJson>? Rules,
    List<string> HolderFields,
    string ContactEmailField,
    ReviewJson Review,
    LegalJson Legal,
    CertificateJson Certificate,
    int? RetentionMonths)
{
    public List<StepJson>? Steps { get; init; }

    public DraftsJson? Drafts { get; init; }

    public bool? RestrictedAccess { get; init; }

    public SignatureCircuitJson? SignatureCircuit { get; init; }
    public string? CitizenSignIn { get; init; }

    public PaymentJson? Payment { get; init; }

    public FamilyQuotientJson? FamilyQuotient { get; init; }
}

internal sealed record FamilyQuotientJson(string Field, string Proof);

internal sealed record PaymentJson(string Regie, string When, TextJson Object, PriceJson Price, int? DeadlineDays, TextJson Mentions);

internal sealed record PriceJson(long? Fixed, string? Field, Dictionary<string, long>? ByChoice, List<BracketJson>? ByQuotient);

internal sealed record BracketJson(decimal? UpTo, long Amount);

internal sealed record RegieJson(string Id, string Name, string Numcli, string? Role, string? Mode);

internal sealed record SignatureCircuitJson(ConditionJson? When, DecisionTemplateJson Decision, List<VisaJson>? Visas, SignatureStepJson Signature, double? ReminderAfterDays, int? MaxReminders, double? EscalateAfterDays);

internal sealed record DecisionTemplateJson(TextJson Title, TextJson Body);

internal sealed record VisaJson(TextJson Label, List<string> By);

internal sealed record SignatureStepJson(string By);

internal sealed record SignatoryJson(string Id, string Name, string Title, string Email);

internal sealed record DelegationJson(string Holder, string For, List<string> Procedures, DateOnly From, DateOnly Until, string Act);

internal sealed record StepJson(string Id, TextJson Title, List<string> Fields);

internal sealed record DraftsJson(int? LifetimeDays);

internal sealed record SenderJson(string Address, string Name);

internal sealed record CommuneJson(
    string Id,
    string Name,
    string Address,
    string City,
    List<string> PostalCodes,
    string ContactEmail,
    string? AdministratorEmail,
    string? Phone,
    string? Logo,
    SenderJson Sender,
    List<string> AllowedOrigins,
    Dictionary<string, List<string>> Roles)
{
    public AbuseLimitsJson? AbuseLimits { get; init; }

    public List<WebhookJson>? Webhooks { get; init; }

    public string? Siren { get; init; }

    public string? Siret { get; init; }

    public int? StatisticalSecrecyThreshold { get; init; }

    public bool? IdentifiersAreExamples { get; init; }

    public string? Department { get; init; }

    public ThemeJson? Theme { get; init; }

    public List<SignatoryJson>? Signatories { get; init; }

    public List<DelegationJson>? Delegations { get; init; }

    public List<RegieJson>? Regies { get; init; }
}

internal sealed record WebhookJson(string Id, string Url, List<string> Events, List<string> Secrets);

internal sealed record ThemeJson(string? Colour);

internal sealed record AbuseLimitsJson(int? SubmissionsPerAddressPerHour, int? SubmissionsPerRecipientPerDay);
#pragma warning restore CA1812

internal static class CatalogueJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
