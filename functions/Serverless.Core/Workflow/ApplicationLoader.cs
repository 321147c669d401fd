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

public sealed class ApplicationLoader(ApplicationRepository applications, ProcedureCatalog catalog)
{
    public async Task<LoadedApplication?> FindAsync(string reference, CancellationToken cancellationToken)
    {
        var record = await applications.FindAsync(reference, cancellationToken);
        var procedure = catalog.Find(record?.ProcedureId);
        return record is null || procedure is null ? null : new LoadedApplication(record, procedure, catalog.CommuneOf(procedure));
    }

    public async Task<LoadedApplication> GetAsync(string reference, CancellationToken cancellationToken) =>
        await FindAsync(reference, cancellationToken)
        ?? throw new InvalidOperationException($"Application {reference} or its procedure does not exist.");
}
