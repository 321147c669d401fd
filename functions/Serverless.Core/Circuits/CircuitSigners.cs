using System.Globalization;
using Serverless.Core.Procedures;

namespace Serverless.Core.Circuits;

/// <summary>Who acts at a step, and the quality printed with their visa or signature.</summary>
public sealed record CircuitSigner(SignatoryDefinition Signatory, string Capacity, DelegationDefinition? Delegation);

/// <summary>
/// Resolves the people of a visa or signature step from the catalogue as it stands on the day (signatories and
/// délégations de signature change by municipal order; a circuit started before a new delegation sees it): a visa's
/// listed signatories; for the signature, the signatory and every holder of a delegation of theirs that covers the
/// procedure and is in force that day (CGCT art. L2122-18: the delegate signs "pour le maire et par délégation").
/// </summary>
public sealed class CircuitSigners(ProcedureCatalog catalog)
{
    /// <summary>Everyone who may act at the step on <paramref name="day"/>.</summary>
    public IReadOnlyList<CircuitSigner> Of(string communeId, string procedureId, CircuitStepPlan step, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(step);
        var commune = catalog.FindCommune(communeId);
        if (commune is null || step.Kind == CircuitStepKind.Draft)
        {
            return [];
        }

        var named = step.Actors.Select(commune.Signatory).OfType<SignatoryDefinition>()
            .Select(signatory => new CircuitSigner(signatory, step.Kind == CircuitStepKind.Visa ? $"Visa : {signatory.Title}" : signatory.Title, null));
        if (step.Kind == CircuitStepKind.Visa)
        {
            return [.. named];
        }

        var delegates = commune.Delegations
            .Where(delegation => step.Actors.Contains(delegation.ForId, StringComparer.Ordinal) && delegation.Covers(procedureId) && delegation.InForceOn(day))
            .Select(delegation => (Delegation: delegation, Holder: commune.Signatory(delegation.HolderId), For: commune.Signatory(delegation.ForId)))
            .Where(found => found.Holder is not null && found.For is not null)
            .Select(found => new CircuitSigner(found.Holder!, Delegated(found.For!, found.Holder!, found.Delegation), found.Delegation));
        return [.. named, .. delegates];
    }

    /// <summary>A signatory of the commune as the catalogue has them now (their key is named after their id).</summary>
    public SignatoryDefinition? Find(string communeId, string signatoryId) => catalog.FindCommune(communeId)?.Signatory(signatoryId);

    /// <summary>
    /// The signer <paramref name="signatoryId"/> is at the step on <paramref name="day"/>, or why not: not named, or a
    /// delegation that does not cover the procedure or is not in force that day (its dates are said).
    /// </summary>
    public (CircuitSigner? Signer, string? Refusal) Check(string communeId, string procedureId, CircuitStepPlan step, string signatoryId, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (Of(communeId, procedureId, step, day).FirstOrDefault(signer => signer.Signatory.Id == signatoryId) is { } signer)
        {
            return (signer, null);
        }

        var french = CultureInfo.GetCultureInfo("fr-FR");
        var delegation = catalog.FindCommune(communeId)?.Delegations.FirstOrDefault(candidate => candidate.HolderId == signatoryId && step.Actors.Contains(candidate.ForId, StringComparer.Ordinal));
        return delegation switch
        {
            null => (null, "Vous n'êtes plus désigné(e) pour cette étape dans le catalogue de la commune."),
            _ when !delegation.Covers(procedureId) => (null, $"Votre délégation de signature ({delegation.Act}) ne couvre pas cette démarche."),
            _ => (null, string.Create(french, $"Votre délégation de signature ({delegation.Act}) n'est pas en vigueur aujourd'hui : elle vaut du {delegation.From:d MMMM yyyy} au {delegation.Until:d MMMM yyyy}.")),
        };
    }

    /// <summary>"Pour le maire et par délégation, Sophie Bernard, adjointe au maire déléguée aux solidarités (arrêté n° …)".</summary>
    public static string Delegated(SignatoryDefinition delegator, SignatoryDefinition holder, DelegationDefinition delegation)
    {
        ArgumentNullException.ThrowIfNull(delegator);
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(delegation);
        return $"Pour {LowerFirst(delegator.Title)} et par délégation, {holder.Name}, {LowerFirst(holder.Title)} ({delegation.Act})";
    }

    private static string LowerFirst(string text) =>
        text.Length == 0 ? text : char.ToLower(text[0], CultureInfo.GetCultureInfo("fr-FR")) + text[1..];
}
