using Serverless.Core.Deadlines;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Procedures;

public enum SilenceMeans
{
    Acceptance,
    Rejection,
    None,
}

/// <summary>Who reviews and how patiently (in working days): explicit addresses, or a role of the commune.</summary>
public sealed record ReviewRules(
    IReadOnlyList<string> Reviewers,
    string? Role,
    string? Deputy,
    string? Escalation,
    double ReminderAfterDays,
    int MaxReminders,
    double? EscalateAfterDays,
    double CorrectionDelayDays = 30);

/// <summary>
/// The legal frame: the decision deadline as the text states it (months or days, counted by <see cref="LegalDeadlines"/>),
/// what silence means, what the receipt must say, and what a request for changes does to the deadline.
/// </summary>
public sealed record LegalRules(LegalPeriod DecisionDeadline, SilenceMeans SilenceMeans, Text ReceiptMentions)
{
    /// <summary>Suspended while the citizen corrects (the default, as before), or restarted from the correction (L. 114-5).</summary>
    public CorrectionEffect CorrectionEffect { get; init; } = CorrectionEffect.Suspends;

    /// <summary>The period as a number of days, for what cannot count months: accelerated demo days and the API's old field.</summary>
    public int DecisionDeadlineDays => DecisionDeadline.NominalDays;
}

/// <summary>What the certificate of a procedure says; placeholders are field names in braces.</summary>
public sealed record CertificateTemplate(Text Title, Text Body)
{
    /// <summary>Fields printed in the certificate's table, in this order (empty: every summary field that may be printed).</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    public string SignatoryName { get; init; } = string.Empty;

    public string SignatoryTitle { get; init; } = string.Empty;
}

/// <summary>A procedure a citizen can file online: its form, review, legal rules and certificate.</summary>
public sealed record ProcedureDefinition(
    string Id,
    string ReferencePrefix,
    Text Title,
    Text Description,
    IReadOnlyList<FieldDefinition> Fields,
    CertificateTemplate Certificate)
{
    public int Version { get; init; } = 1;

    public string CommuneId { get; init; } = string.Empty;

    public string Category { get; init; } = "other";

    /// <summary>Rules that span several fields or depend on the date; run after every field passed its own checks.</summary>
    public IProcedureRules Rules { get; init; } = NoExtraRules.Instance;

    public ReviewRules Review { get; init; } = new([], null, null, null, 2, 3, null);

    public LegalRules Legal { get; init; } = new(LegalPeriod.OfMonths(2), SilenceMeans.None, new(string.Empty, string.Empty));

    /// <summary>Months the personal data is kept after the decision (1 to 60; see docs/RETENTION.md).</summary>
    public int RetentionMonths { get; init; } = ProcedureRetention.DefaultMonths;

    /// <summary>The fields that name the person the application is about (the certificate's holder).</summary>
    public required IReadOnlyList<string> HolderFields { get; init; }

    /// <summary>The field holding the citizen's e-mail address, where the receipt and decision are sent.</summary>
    public required string ContactEmailField { get; init; }

    /// <summary>The form's steps, one page each without JavaScript; empty: one page with every field.</summary>
    public IReadOnlyList<ProcedureStep> Steps { get; init; } = [];

    /// <summary>How long a draft (a form started, or saved to finish later) is kept: 30 days unless the catalogue says otherwise.</summary>
    public int DraftLifetimeDays { get; init; } = 30;

    /// <summary>
    /// Special-category data (health, social aid: RGPD article 9): only the agents of the procedure's own role and its
    /// named reviewers open its applications, not the commune's administrator nor another service's agents.
    /// </summary>
    public bool RestrictedAccess { get; init; }

    /// <summary>The visa-and-signature circuit its approvals go through (null: approvals are not signed by a person).</summary>
    public SignatureCircuitDefinition? SignatureCircuit { get; init; }

    /// <summary>The procedure's price and when it is paid (PayFiP), or null when it is free.</summary>
    public PaymentDefinition? Payment { get; init; }

    /// <summary>The family quotient the citizen may have fetched from API Particulier instead of typing it with a proof.</summary>
    public FamilyQuotientPrefill? FamilyQuotient { get; init; }
    /// <summary>Whether a citizen may, or must, sign in with FranceConnect before filing (none by default).</summary>
    public CitizenSignIn CitizenSignIn { get; init; } = CitizenSignIn.None;

    /// <summary>The fields that take a pivot-identity claim (<see cref="FieldDefinition.IdentityClaim"/>).</summary>
    public IEnumerable<FieldDefinition> IdentityFields => Fields.Where(candidate => candidate.IdentityClaim is not null);

    public bool IsMultiStep => Steps.Count > 1;

    /// <summary>The step that holds a field (the only one when the procedure has no steps).</summary>
    public int StepOf(string fieldName) =>
        Math.Max(0, Steps.ToList().FindIndex(step => step.Fields.Contains(fieldName, StringComparer.Ordinal)));

    public FieldDefinition? Field(string name) =>
        Fields.FirstOrDefault(field => string.Equals(field.Name, name, StringComparison.Ordinal));
}

/// <summary>Signing in with FranceConnect for a procedure (the catalogue's <c>citizenSignIn</c>).</summary>
public enum CitizenSignIn
{
    /// <summary>No sign-in offered: the citizen types everything.</summary>
    None,

    /// <summary>The FranceConnect button is offered; filing without signing in still works.</summary>
    Offered,

    /// <summary>Only a citizen signed in with FranceConnect may file (the form shows the button instead).</summary>
    Required,
}

/// <summary>A page of the form: its title and its fields, in the order of the procedure's fields.</summary>
public sealed record ProcedureStep(string Id, Text Title, IReadOnlyList<string> Fields);

/// <summary>Procedure-specific checks that need more than one field, or today's date.</summary>
public interface IProcedureRules
{
    /// <summary>Choices that depend on the date (e.g. open school years), by field name.</summary>
    IReadOnlyList<Choice>? ChoicesFor(FieldDefinition field, DateOnly today) => null;

    IEnumerable<FieldError> Check(IReadOnlyDictionary<string, string> values, DateOnly today);
}

public sealed class NoExtraRules : IProcedureRules
{
    public static readonly NoExtraRules Instance = new();

    public IEnumerable<FieldError> Check(IReadOnlyDictionary<string, string> values, DateOnly today) => [];
}


/// <summary>The bounds of a procedure's retention period, as the schema and the loader check them.</summary>
public static class ProcedureRetention
{
    public const int DefaultMonths = 12;
    public const int MinimumMonths = 1;
    public const int MaximumMonths = 60;
}

/// <summary>
/// Catalogue <c>familyQuotient</c>: the number field a signed-in, consenting citizen's quotient from API Particulier
/// fills (locked, its source recorded), and the file field asked instead when the citizen types the quotient.
/// </summary>
public sealed record FamilyQuotientPrefill(string Field, string ProofField);
