using Serverless.Core.Applications;
using Serverless.Core.Submission;
using Serverless.Core.Workflow;
using Serverless.Platform.Localization;

namespace Serverless.Core.Circuits;

/// <summary>
/// Starts an approved application's signature circuit when its procedure has one that applies to its values: the
/// plan (who acts at each step), and version 1 of the decision's text, filled in from the procedure's template with
/// the application's values and audited. Null: no circuit, the approval goes on as before. Idempotent: the version
/// and its audit entry are conditional inserts, the plan is computed again the same.
/// </summary>
public sealed class StartCircuitActivity(ApplicationLoader loader, DecisionDrafts drafts, AuditTrail audit, FaultInjection faults)
{
    public async Task<CircuitPlan?> RunAsync(CircuitStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var application = await loader.GetAsync(start.Reference, CancellationToken.None);
        if (application.Procedure.SignatureCircuit is not { } circuit || !circuit.AppliesTo(application.Values))
        {
            return null;
        }

        if (!application.Record.InPartition)
        {
            throw new NonRetryableException($"Application {start.Reference} is of the layout before decision 0012: its circuit's rows need its partition.");
        }

        const Language language = Language.French;
        var first = new DecisionVersion(
            1,
            ApplicationSummary.Fill(circuit.Title.In(language), application.Procedure, application.Values, language),
            ApplicationSummary.Fill(circuit.Body.In(language), application.Procedure, application.Values, language),
            start.Drafter,
            start.ApprovedAt,
            null);
        await drafts.AddVersionAsync(start.Reference, first, CancellationToken.None);
        await audit.RecordAsync(start.Reference, AuditSteps.DecisionVersion(1), new AuditEntry(AuditAction.DecisionDrafted, start.ApprovedAt, AuditActors.System, $"Version 1 rédigée d'après le modèle de la démarche ; rédacteur : {start.Drafter}"), CancellationToken.None);
        faults.AfterSideEffect(ActivityNames.StartCircuit, start.Reference);
        return new CircuitPlan(
            start.Reference,
            CircuitPlans.Steps(circuit, application.Commune, start.Drafter),
            new CircuitTiming(circuit.ReminderAfterDays, circuit.MaxReminders, circuit.EscalateAfterDays, start.DayLength));
    }
}
