using Serverless.Platform.Localization;

namespace Serverless.Core.Procedures;

/// <summary>
/// A procedure's visa-and-signature circuit (catalogue <c>signatureCircuit</c>): an approval of an application it
/// applies to (<see cref="When"/>) becomes a decision drafted from <see cref="Title"/> and <see cref="Body"/>, visaed
/// step by step, then signed by <see cref="SignatoryId"/> or a holder of their delegation, before the citizen is told.
/// </summary>
public sealed record SignatureCircuitDefinition(Text Title, Text Body, IReadOnlyList<VisaStep> Visas, string SignatoryId)
{
    /// <summary>Only approvals of applications with one of these values (null: every approval).</summary>
    public FieldCondition? When { get; init; }

    public double ReminderAfterDays { get; init; } = 2;

    public int MaxReminders { get; init; } = 3;

    public double EscalateAfterDays { get; init; } = 5;

    public bool AppliesTo(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return When is not { } condition || condition.HoldsFor(values.GetValueOrDefault(condition.Field));
    }
}

/// <summary>One visa step: any one of <see cref="SignatoryIds"/> gives it (the first to act).</summary>
public sealed record VisaStep(Text Label, IReadOnlyList<string> SignatoryIds);

/// <summary>A person of the commune who gives visas or signs decisions, with a key of their own.</summary>
public sealed record SignatoryDefinition(string Id, string Name, string Title, string Email);

/// <summary>
/// A délégation de signature (CGCT art. L2122-18): <see cref="HolderId"/> signs for <see cref="ForId"/>, for
/// <see cref="Procedures"/>, from <see cref="From"/> to <see cref="Until"/> inclusive (Paris dates), by <see cref="Act"/>.
/// </summary>
public sealed record DelegationDefinition(string HolderId, string ForId, IReadOnlyList<string> Procedures, DateOnly From, DateOnly Until, string Act)
{
    public bool Covers(string procedureId) => Procedures.Contains(procedureId, StringComparer.Ordinal);

    public bool InForceOn(DateOnly day) => From <= day && day <= Until;
}
