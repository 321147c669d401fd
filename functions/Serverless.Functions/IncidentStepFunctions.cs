using Microsoft.Azure.Functions.Worker;
using Serverless.Core.Orchestration;
using Serverless.Core.Workflow;

namespace Serverless.Functions;

/// <summary>The workflow's incident activities (a step failing after its retries), delegating to Core.</summary>
public sealed class IncidentStepFunctions(
    OpenIncidentActivity openIncident,
    NotifyAdministratorActivity notifyAdministrator,
    CloseIncidentActivity closeIncident)
{
    [Function(ActivityNames.OpenIncident)]
    public Task OpenIncident([ActivityTrigger] IncidentNotice incident) => openIncident.RunAsync(incident);

    [Function(ActivityNames.NotifyAdministrator)]
    public Task NotifyAdministrator([ActivityTrigger] IncidentNotice incident) => notifyAdministrator.RunAsync(incident);

    [Function(ActivityNames.CloseIncident)]
    public Task CloseIncident([ActivityTrigger] IncidentNotice incident) => closeIncident.RunAsync(incident);
}
