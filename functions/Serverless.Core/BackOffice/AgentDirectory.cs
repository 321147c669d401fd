using Serverless.Core.Procedures;

namespace Serverless.Core.BackOffice;

/// <summary>
/// Who is an agent of which commune, from the catalogue alone: every address in the commune's <c>roles</c>, and every
/// reviewer, deputy and escalation address of the commune's procedures — the people the workflow already e-mails
/// review links to. No separate list to keep in step with them.
/// </summary>
public sealed class AgentDirectory
{
    private readonly Dictionary<string, List<CommuneDefinition>> communesByAgent = new(StringComparer.OrdinalIgnoreCase);

    public AgentDirectory(ProcedureCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var commune in catalog.Communes)
        {
            var procedures = catalog.All.Where(procedure => procedure.CommuneId == commune.Id).ToList();
            var addresses = commune.Roles.Values.SelectMany(members => members)
                .Concat(procedures.SelectMany(procedure => procedure.Review.Reviewers))
                .Concat(procedures.SelectMany(procedure => new[] { procedure.Review.Deputy, procedure.Review.Escalation }).OfType<string>())
                .Select(address => address.Trim())
                .Where(address => address.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase);
            foreach (var address in addresses)
            {
                if (!communesByAgent.TryGetValue(address, out var list))
                {
                    communesByAgent[address] = list = [];
                }

                list.Add(commune);
            }
        }
    }

    /// <summary>The communes this address is an agent of (usually one; none for anyone else).</summary>
    public IReadOnlyList<CommuneDefinition> CommunesOf(string? email) =>
        email is not null && communesByAgent.TryGetValue(email.Trim(), out var communes) ? communes : [];

    /// <summary>The commune a signed-in agent's session is for (null when none, or no longer listed).</summary>
    public CommuneDefinition? CommuneOf(SignedInAgent? agent) =>
        agent is null ? null : CommunesOf(agent.Email).FirstOrDefault(commune => commune.Id == agent.CommuneId);

    public bool IsAgentOf(string? email, string communeId) => CommunesOf(email).Any(commune => commune.Id == communeId);

    /// <summary>Every agent of a commune, for assignment and delegation choices.</summary>
    public IReadOnlyList<string> AgentsOf(string communeId) =>
        [.. communesByAgent.Where(pair => pair.Value.Any(commune => commune.Id == communeId)).Select(pair => pair.Key).Order(StringComparer.OrdinalIgnoreCase)];
}
