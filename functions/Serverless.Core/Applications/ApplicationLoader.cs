using System.Collections.Concurrent;
using Serverless.Core.Deadlines;
using Serverless.Core.Procedures;
using Serverless.Core.Workflow;
using Serverless.Platform.Localization;

namespace Serverless.Core.Applications;

/// <summary>An application with its procedure, its commune and the citizen's language, as activities and pages need it.</summary>
public sealed record LoadedApplication(ApplicationRecord Record, ProcedureDefinition Procedure, CommuneDefinition Commune)
{
    public string Reference => Record.Reference;

    public Language Language => LanguageNegotiation.TryParse(Record.Language, out var language) ? language : Language.French;

    public IReadOnlyDictionary<string, string> Values { get; } = Record.Values;


    /// <summary>
    /// The instant by which the law expects a decision: as the workflow set it, else (before the workflow ran) counted
    /// from the receipt by the same calculator as the workflow (version 4), so the receipt never says another date.
    /// </summary>
    public DateTimeOffset DecisionDueAt => Record.DecisionDueAt ?? LegalDeadlines.Compute(Record.SubmittedAt, Procedure.Legal.DecisionDeadline).EndsAt;
}

/// <summary>
/// Loads an application with the procedure version it was submitted under (rules, reviewers, e-mails, certificate,
/// labels), whatever the catalogue says today. Rows older than versioning use the current catalogue.
/// </summary>
public sealed class ApplicationLoader(ApplicationRepository applications, ProcedureCatalog catalog, ProcedureVersions versions)
{
    /// <summary>Enough for every application in flight on one instance; past it the map starts again (it only saves reads).</summary>
    private const int MaxCommunesRemembered = 20_000;

    private readonly ConcurrentDictionary<string, string> communes = new(StringComparer.Ordinal);

    public async Task<LoadedApplication?> FindAsync(string reference, CancellationToken cancellationToken) =>
        await applications.FindAsync(reference, cancellationToken) is { } record ? await LoadAsync(record, cancellationToken) : null;

    /// <summary>As <see cref="FindAsync"/> for a record the caller holds already (null when its procedure version is gone).</summary>
    public async Task<LoadedApplication?> LoadAsync(ApplicationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var reference = record.Reference;
        var loaded = await ProcedureOfAsync(record.ProcedureId, record.ProcedureVersion, cancellationToken) is { } procedure
            ? new LoadedApplication(record, procedure.Procedure, procedure.Commune)
            : null;
        if (loaded is not null)
        {
            Remember(reference, loaded.Commune.Id);
        }

        return loaded;
    }

    /// <summary>
    /// The procedure version an application was submitted under, and its commune (the current catalogue for rows older
    /// than versioning); null when that version is gone. For a caller that holds the row already (a status observer).
    /// </summary>
    public async Task<(ProcedureDefinition Procedure, CommuneDefinition Commune)?> ProcedureOfAsync(string procedureId, string? procedureVersion, CancellationToken cancellationToken)
    {
        if (procedureVersion is { Length: > 0 } version)
        {
            return await versions.FindAsync(procedureId, version, cancellationToken) is { } found ? (found.Procedure, found.Commune) : null;
        }

        return catalog.Find(procedureId) is { } procedure ? (procedure, catalog.CommuneOf(procedure)) : null;
    }

    /// <summary>
    /// The commune an application belongs to. Its procedure version, hence its commune, is fixed at submission, so
    /// once read it is kept: the audit trail's log appends and the usage counts of a step need no read of their own.
    /// </summary>
    public async ValueTask<string?> CommuneIdOfAsync(string reference, CancellationToken cancellationToken) =>
        communes.TryGetValue(reference, out var known) ? known : (await FindAsync(reference, cancellationToken))?.Commune.Id;

    private void Remember(string reference, string communeId)
    {
        if (communes.Count >= MaxCommunesRemembered)
        {
            communes.Clear();
        }

        communes[reference] = communeId;
    }

    /// <summary>The application, or a failure that retrying cannot cure (no such application, or its procedure version is gone).</summary>
    public async Task<LoadedApplication> GetAsync(string reference, CancellationToken cancellationToken) =>
        await FindAsync(reference, cancellationToken)
        ?? throw new NonRetryableException($"Application {reference} or its procedure version does not exist.");
}
