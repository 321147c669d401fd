using Serverless.Core.Localization;
using Serverless.Core.Procedures;
using Serverless.Core.Storage;

namespace Serverless.Core.Workflow;

/// <summary>An application with its procedure, its commune and the citizen's language, as activities and pages need it.</summary>
public sealed record LoadedApplication(ApplicationRecord Record, ProcedureDefinition Procedure, CommuneDefinition Commune)
{
    public string Reference => Record.Reference;

    public Language Language => LanguageNegotiation.TryParse(Record.Language, out var language) ? language : Language.French;

    public IReadOnlyDictionary<string, string> Values { get; } = Record.Values;

    public string HolderName => ApplicationSummary.HolderName(Procedure, Values);

    /// <summary>The date by which the law expects a decision: as the workflow set it, else counted from submission.</summary>
    public DateTimeOffset DecisionDueAt => Record.DecisionDueAt ?? Record.SubmittedAt.AddDays(Procedure.Legal.DecisionDeadlineDays);
}

/// <summary>
/// Loads an application with the procedure version it was submitted under (rules, reviewers, e-mails, certificate,
/// labels), whatever the catalogue says today. Rows older than versioning use the current catalogue.
/// </summary>
public sealed class ApplicationLoader(ApplicationRepository applications, ProcedureCatalog catalog, ProcedureVersions versions)
{
    public async Task<LoadedApplication?> FindAsync(string reference, CancellationToken cancellationToken)
    {
        var record = await applications.FindAsync(reference, cancellationToken);
        if (record is null)
        {
            return null;
        }

        if (record.ProcedureVersion is { Length: > 0 } version)
        {
            return await versions.FindAsync(record.ProcedureId, version, cancellationToken) is { } found
                ? new LoadedApplication(record, found.Procedure, found.Commune)
                : null;
        }

        return catalog.Find(record.ProcedureId) is { } procedure ? new LoadedApplication(record, procedure, catalog.CommuneOf(procedure)) : null;
    }

    /// <summary>The application, or a failure that retrying cannot cure (no such application, or its procedure version is gone).</summary>
    public async Task<LoadedApplication> GetAsync(string reference, CancellationToken cancellationToken) =>
        await FindAsync(reference, cancellationToken)
        ?? throw new NonRetryableException($"Application {reference} or its procedure version does not exist.");
}
