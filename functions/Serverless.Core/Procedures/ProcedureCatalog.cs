namespace Serverless.Core.Procedures;

/// <summary>The procedures this deployment offers, by id.</summary>
public sealed class ProcedureCatalog
{
    private readonly Dictionary<string, ProcedureDefinition> procedures;

    public ProcedureCatalog(IEnumerable<ProcedureDefinition> definitions) =>
        procedures = definitions.ToDictionary(definition => definition.Id, StringComparer.Ordinal);

    public static ProcedureCatalog Default { get; } = new([SchoolEnrolmentProcedure.Definition]);

    public IReadOnlyCollection<ProcedureDefinition> All => procedures.Values;

    public ProcedureDefinition? Find(string? id) => id is not null && procedures.TryGetValue(id, out var definition) ? definition : null;
}
