using Azure.Data.Tables;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Puts the application in <see cref="ApplicationStatus.Incident"/> (remembering the status to return to), or, when it
/// already ended (a notice held up after the decision), keeps its status and records the incident beside it. Audited.
/// </summary>
public sealed class OpenIncidentActivity(ApplicationStatusWriter status, AuditTrail audit, TimeProvider clock, ApplicationRepository applications)
{
    public async Task RunAsync(IncidentNotice incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var now = clock.GetUtcNow();
        var entry = new AuditEntry(AuditAction.IncidentOpened, now, AuditActors.System, $"{incident.Step} — {incident.Error}");
        if (await applications.InPartitionAsync(incident.Reference, CancellationToken.None))
        {
            // Decision 0012: the status and its audit row in one transaction.
            await status.CommitStepAsync(incident.Reference, null, row => Open(row, incident.Step, now), [audit.NewRow(incident.Reference, AuditSteps.IncidentOpened(incident.Number), entry)], [], CancellationToken.None);
            return;
        }

        await status.TransitionAsync(incident.Reference, row => Open(row, incident.Step, now), CancellationToken.None);
        await audit.RecordAsync(incident.Reference, AuditSteps.IncidentOpened(incident.Number), entry, CancellationToken.None);
    }

    private static StatusChange Open(TableEntity row, string step, DateTimeOffset now)
    {
        var current = Enum.Parse<ApplicationStatus>(row.GetString(nameof(ApplicationRecord.Status)));
        if (current.IsFinal() || current == ApplicationStatus.Incident)
        {
            return new StatusChange(current) { IncidentStep = step, IncidentSince = now };
        }

        return new StatusChange(ApplicationStatus.Incident) { IncidentStep = step, IncidentSince = now, StatusBeforeIncident = current.ToString() };
    }
}

/// <summary>Ends an incident: back to the status it interrupted, unless the step that succeeded already moved it on.</summary>
public sealed class CloseIncidentActivity(ApplicationStatusWriter status, AuditTrail audit, TimeProvider clock, ApplicationRepository applications)
{
    public async Task RunAsync(IncidentNotice incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var entry = new AuditEntry(AuditAction.IncidentResolved, clock.GetUtcNow(), AuditActors.System, incident.Error == "deadline" ? $"{incident.Step} — délai légal écoulé" : incident.Step);
        if (await applications.InPartitionAsync(incident.Reference, CancellationToken.None))
        {
            // Decision 0012: the status and its audit row in one transaction.
            await status.CommitStepAsync(incident.Reference, null, Close, [audit.NewRow(incident.Reference, AuditSteps.IncidentResolved(incident.Number), entry)], [], CancellationToken.None);
            return;
        }

        await status.TransitionAsync(incident.Reference, Close, CancellationToken.None);
        await audit.RecordAsync(incident.Reference, AuditSteps.IncidentResolved(incident.Number), entry, CancellationToken.None);
    }

    private static StatusChange Close(TableEntity row)
    {
        var current = Enum.Parse<ApplicationStatus>(row.GetString(nameof(ApplicationRecord.Status)));
        var before = row.GetString(nameof(ApplicationRecord.StatusBeforeIncident)) is { Length: > 0 } saved ? Enum.Parse<ApplicationStatus>(saved) : current;
        return new StatusChange(current == ApplicationStatus.Incident ? before : current) { IncidentStep = string.Empty, StatusBeforeIncident = string.Empty };
    }
}

/// <summary>E-mails the commune's administrator what failed, once per incident (the outbox keeps it to one).</summary>
public sealed class NotifyAdministratorActivity(ApplicationLoader loader, EmailOutbox outbox)
{
    public async Task RunAsync(IncidentNotice incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var application = await loader.FindAsync(incident.Reference, CancellationToken.None);
        var commune = application?.Commune;
        if (commune is null)
        {
            throw new NonRetryableException($"Application {incident.Reference} cannot be loaded: nobody to tell.");
        }

        var message = incident.Step == ApplicationWorkflowV4.LostWorkflowStep
            ? AdministratorEmails.LostWorkflow(application!, incident, restarted: true)
            : AdministratorEmails.Incident(application!, incident);
        await outbox.SendOnceAsync(incident.Reference, OutboxSteps.Incident(incident.Number), message, CancellationToken.None);
    }
}
