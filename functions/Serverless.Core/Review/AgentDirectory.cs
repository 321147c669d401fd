using Serverless.Core.BackOffice;
using Serverless.Core.Procedures;

namespace Serverless.Core.Review;

/// <summary>What one agent may open in one commune: the procedures their role covers (need to know), or, for the
/// commune's administrator, every procedure that is not restricted.</summary>
/// <param name="CommuneId">The commune.</param>
/// <param name="Administrator">The commune's <c>administratorEmail</c>.</param>
/// <param name="ProcedureIds">The procedures whose applications this agent sees, opens, exports and decides.</param>
public sealed record AgentAccess(string CommuneId, bool Administrator, IReadOnlySet<string> ProcedureIds)
{
    public bool Covers(string procedureId) => ProcedureIds.Contains(procedureId);

    /// <summary>
    /// The régies whose payments this agent sees and exports: every régie of the commune for its administrator, and
    /// those whose <c>role</c> the agent is a member of.
    /// </summary>
    public IReadOnlySet<string> RegieIds { get; init; } = new HashSet<string>();

    public bool KeepsBooksOf(string regieId) => RegieIds.Contains(regieId);
}

/// <summary>
/// Who is an agent of which commune and of which procedures, from the catalogue alone. A procedure's agents are the
/// members of its review role and the reviewers, deputy and escalation it names — the people the workflow already
/// e-mails review links to. The commune's administrator (<c>administratorEmail</c>) sees every procedure of the
/// commune except those with <c>restrictedAccess</c> (health, social aid), which only their own agents open. An
/// address the catalogue no longer lists is nobody's agent: its sessions and e-mailed links stop working.
/// </summary>
public sealed class AgentDirectory
{
    private readonly Dictionary<string, List<AgentAccess>> accessByAgent = new(StringComparer.OrdinalIgnoreCase);
    private readonly ProcedureCatalog catalog;

    public AgentDirectory(ProcedureCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        this.catalog = catalog;
        foreach (var commune in catalog.Communes)
        {
            var procedures = catalog.All.Where(procedure => procedure.CommuneId == commune.Id).ToList();
            var covered = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var procedure in procedures)
            {
                foreach (var address in AgentsOfProcedure(commune, procedure))
                {
                    if (!covered.TryGetValue(address, out var ids))
                    {
                        covered[address] = ids = new HashSet<string>(StringComparer.Ordinal);
                    }

                    ids.Add(procedure.Id);
                }
            }

            // Members of a role no procedure uses are agents of the commune who see no application.
            foreach (var member in commune.Roles.Values.SelectMany(members => members).Select(address => address.Trim()).Where(address => address.Length > 0))
            {
                covered.TryAdd(member, new HashSet<string>(StringComparer.Ordinal));
            }

            var administrator = commune.AdministratorAddress?.Trim() ?? string.Empty;
            if (administrator.Length > 0)
            {
                if (!covered.TryGetValue(administrator, out var ids))
                {
                    covered[administrator] = ids = new HashSet<string>(StringComparer.Ordinal);
                }

                ids.UnionWith(procedures.Where(procedure => !procedure.RestrictedAccess).Select(procedure => procedure.Id));
            }

            foreach (var (address, ids) in covered)
            {
                if (!accessByAgent.TryGetValue(address, out var list))
                {
                    accessByAgent[address] = list = [];
                }

                var isAdministrator = string.Equals(address, administrator, StringComparison.OrdinalIgnoreCase);
                list.Add(new AgentAccess(commune.Id, isAdministrator, ids) { RegieIds = RegiesOf(commune, procedures, address, isAdministrator) });
            }
        }
    }

    /// <summary>The communes this address is an agent of (usually one; none for anyone else).</summary>
    public IReadOnlyList<CommuneDefinition> CommunesOf(string? email) =>
        email is not null && accessByAgent.TryGetValue(email.Trim(), out var accesses)
            ? [.. accesses.Select(access => catalog.FindCommune(access.CommuneId)!)]
            : [];

    /// <summary>What this address may open in this commune; null when it is not one of its agents.</summary>
    public AgentAccess? AccessOf(string? email, string communeId) =>
        email is not null && accessByAgent.TryGetValue(email.Trim(), out var accesses)
            ? accesses.FirstOrDefault(access => access.CommuneId == communeId)
            : null;

    /// <summary>The commune a signed-in agent's session is for (null when none, or no longer listed).</summary>
    public CommuneDefinition? CommuneOf(SignedInAgent? agent) =>
        agent is null || AccessOf(agent.Email, agent.CommuneId) is null ? null : catalog.FindCommune(agent.CommuneId);

    public bool IsAgentOf(string? email, string communeId) => AccessOf(email, communeId) is not null;

    /// <summary>True when this address may open, decide and receive links for this procedure's applications.</summary>
    public bool Covers(string? email, string communeId, string procedureId) => AccessOf(email, communeId)?.Covers(procedureId) == true;

    /// <summary>Every agent of a commune.</summary>
    public IReadOnlyList<string> AgentsOf(string communeId) =>
        [.. accessByAgent.Where(pair => pair.Value.Any(access => access.CommuneId == communeId)).Select(pair => pair.Key).Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The agents who may take over one procedure's application (assignment and delegation choices).</summary>
    public IReadOnlyList<string> AgentsCovering(string communeId, string procedureId) =>
        [.. accessByAgent.Where(pair => pair.Value.Any(access => access.CommuneId == communeId && access.Covers(procedureId))).Select(pair => pair.Key).Order(StringComparer.OrdinalIgnoreCase)];

    /// <summary>The régies an agent keeps the books of: all for the administrator, else those naming one of the agent's roles.</summary>
    /// <summary>
    /// The régies whose books this address keeps: those whose role it is a member of, and for the administrator the
    /// others too, except a régie that collects for a <c>restrictedAccess</c> procedure — its payments' amounts tell
    /// the family quotient or the aid (need to know, as for the applications themselves).
    /// </summary>
    private static HashSet<string> RegiesOf(CommuneDefinition commune, IReadOnlyList<ProcedureDefinition> procedures, string address, bool administrator) =>
        [.. commune.Regies
            .Where(regie => (regie.Role is { } role && commune.Roles.TryGetValue(role, out var members) && members.Any(member => string.Equals(member.Trim(), address, StringComparison.OrdinalIgnoreCase)))
                || (administrator && !procedures.Any(procedure => procedure.RestrictedAccess && procedure.Payment?.RegieId == regie.Id)))
            .Select(regie => regie.Id)];

    private static IEnumerable<string> AgentsOfProcedure(CommuneDefinition commune, ProcedureDefinition procedure) =>
        (procedure.Review.Role is { } role && commune.Roles.TryGetValue(role, out var members) ? members : [])
            .Concat(procedure.Review.Reviewers)
            .Concat(new[] { procedure.Review.Deputy, procedure.Review.Escalation }.OfType<string>())
            .Select(address => address.Trim())
            .Where(address => address.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase);
}
