using Serverless.Core.Procedures;

namespace Serverless.Core.Circuits;

/// <summary>
/// The steps of an application's circuit from its procedure's definition (the version it was submitted under): the
/// drafter's step, each visa, the signature. The same plan is built where the circuit starts and where a link is
/// opened, so a page and the workflow agree on what each step is.
/// </summary>
public static class CircuitPlans
{
    public static IReadOnlyList<CircuitStepPlan> Steps(SignatureCircuitDefinition circuit, CommuneDefinition commune, string drafter)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(commune);
        var steps = new List<CircuitStepPlan> { new(0, CircuitStepKind.Draft, "Rédaction du projet de décision", [drafter]) };
        foreach (var visa in circuit.Visas)
        {
            steps.Add(new CircuitStepPlan(steps.Count, CircuitStepKind.Visa, visa.Label.Fr, visa.SignatoryIds));
        }

        var signatory = commune.Signatory(circuit.SignatoryId);
        steps.Add(new CircuitStepPlan(steps.Count, CircuitStepKind.Signature, signatory is null ? "Signature" : $"Signature : {signatory.Title}", [circuit.SignatoryId]));
        return steps;
    }

    /// <summary>What the citizen's status page says of step <paramref name="step"/> (labels from the catalogue, never a comment).</summary>
    public static string CitizenLabel(SignatureCircuitDefinition circuit, int step, bool french)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var count = circuit.Visas.Count + 2;
        var label = step switch
        {
            0 => french ? "Rédaction de la décision" : "Drafting the decision",
            _ when step <= circuit.Visas.Count => french ? circuit.Visas[step - 1].Label.Fr : circuit.Visas[step - 1].Label.En,
            _ => french ? "Signature par l'élu(e)" : "Signature by the elected official",
        };
        return french ? $"Étape {step + 1} sur {count} : {label}" : $"Step {step + 1} of {count}: {label}";
    }
}
