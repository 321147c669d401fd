namespace Serverless.Core.Procedures;

/// <summary>The procedures and communes of this deployment, loaded from the catalogue folder.</summary>
public sealed class ProcedureCatalog
{
    private readonly Dictionary<string, ProcedureDefinition> procedures;
    private readonly Dictionary<string, CommuneDefinition> communes;

    public ProcedureCatalog(IEnumerable<ProcedureDefinition> procedures, IEnumerable<CommuneDefinition> communes)
    {
        this.procedures = procedures.ToDictionary(definition => definition.Id, StringComparer.Ordinal);
        this.communes = communes.ToDictionary(commune => commune.Id, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<ProcedureDefinition> All => procedures.Values;

    /// <summary>The current version of each procedure (with its commune), as published for new applications.</summary>
    public IReadOnlyList<ProcedureSnapshot> Snapshots { get; init; } = [];

    public ProcedureSnapshot? SnapshotOf(string procedureId) => Snapshots.FirstOrDefault(snapshot => snapshot.ProcedureId == procedureId);

    public IReadOnlyCollection<CommuneDefinition> Communes => communes.Values;

    public ProcedureDefinition? Find(string? id) => id is not null && procedures.TryGetValue(id, out var definition) ? definition : null;

    public CommuneDefinition? FindCommune(string? id) => id is not null && communes.TryGetValue(id, out var commune) ? commune : null;

    public CommuneDefinition CommuneOf(ProcedureDefinition procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return communes[procedure.CommuneId];
    }

    /// <summary>Who reviews an application of this procedure: its explicit reviewers, else its commune's role members.</summary>
    public IReadOnlyList<string> ReviewersOf(ProcedureDefinition procedure) => ReviewersOf(procedure, CommuneOf(procedure));

    /// <summary>The same, for a procedure and commune of a given version (an application's own).</summary>
    public static IReadOnlyList<string> ReviewersOf(ProcedureDefinition procedure, CommuneDefinition commune)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(commune);
        if (procedure.Review.Reviewers.Count > 0)
        {
            return procedure.Review.Reviewers;
        }

        return procedure.Review.Role is { } role && commune.Roles.TryGetValue(role, out var members) ? members : [];
    }
}
