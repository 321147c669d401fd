using Microsoft.DurableTask;
using Serverless.Core.Workflow;

namespace Serverless.Core.Orchestration;

/// <summary>
/// Calls the activities of one version-2 instance so that no failure is silent. An activity gets a few quick retries
/// (not for <see cref="NonRetryableException"/>); if it still fails, the application goes to an incident (status, audit,
/// the commune's administrator e-mailed) and the step is retried on durable timers with capped exponential back-off
/// until it succeeds, then the incident is closed and the workflow goes on. While it waits, the legal deadline still
/// counts: a step given a deadline gives up when the deadline passes, and the caller takes the implicit decision.
/// Deterministic: timers and activities only.
/// </summary>
internal sealed class WorkflowSteps(TaskOrchestrationContext context, ApplicationWorkflowInput input)
{
    /// <summary>At the 6-hour cap, about seven weeks of retries; after that the instance fails and stays visibly in incident.</summary>
    public const int MaxIncidentAttempts = 200;

    private readonly WorkflowRetry retry = input.Retry ?? WorkflowRetry.Default;
    // A restarted instance numbers its incidents after its restart's (the lost instance's numbers are taken).
    private int incidents = input.Resume?.IncidentNumber ?? 0;

    private TaskOptions Quick => TaskOptions.FromRetryPolicy(new RetryPolicy(retry.Attempts, retry.FirstDelay, 2, TimeSpan.FromHours(1))
    {
        HandleFailure = failure => !failure.IsCausedBy<NonRetryableException>(),
    });

    public async Task CallAsync<TInput>(Activity<TInput> activity, TInput request) => await CallAsync<TInput, bool>(activity, request);

    public async Task<TOutput> CallAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput request) =>
        (await TryCallAsync(activity, request, deadline: null)).Value!;

    /// <summary>Runs the step; <c>DeadlinePassed</c> when the legal deadline passed while the step was held up by an incident.</summary>
    public async Task<(bool DeadlinePassed, TOutput? Value)> TryCallAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput request, DateTimeOffset? deadline)
    {
        ArgumentNullException.ThrowIfNull(activity);
        try
        {
            return (false, await context.CallActivityAsync<TOutput>(activity.Name, request, Quick));
        }
        catch (TaskFailedException failure)
        {
            return await ResolveIncidentAsync<TOutput>(activity.Name, request, deadline, failure);
        }
    }

    /// <summary>
    /// Runs the step with the quick retries only; <c>Done</c> false when it still failed (no incident: the caller has
    /// another way to the same result, version 6's combined steps falling back to version 4's separate ones).
    /// </summary>
    public async Task<(bool Done, TOutput? Value)> AttemptAsync<TInput, TOutput>(Activity<TInput, TOutput> activity, TInput request)
    {
        ArgumentNullException.ThrowIfNull(activity);
        try
        {
            return (true, await context.CallActivityAsync<TOutput>(activity.Name, request, Quick));
        }
        catch (TaskFailedException)
        {
            return (false, default);
        }
    }

    private async Task<(bool DeadlinePassed, T? Value)> ResolveIncidentAsync<T>(string activity, object? request, DateTimeOffset? deadline, TaskFailedException failure)
    {
        var incident = new IncidentNotice(input.Reference, ++incidents, activity, Describe(failure));
        var opened = await QuietlyAsync(WorkflowActivities.OpenIncident, incident);
        var told = await QuietlyAsync(WorkflowActivities.NotifyAdministrator, incident);
        var delay = retry.IncidentFirstDelay;
        for (var attempt = 1; attempt <= MaxIncidentAttempts; attempt++)
        {
            var wakeAt = Now() + delay;
            if (deadline is { } due && due <= wakeAt)
            {
                await context.CreateTimer(due.UtcDateTime, CancellationToken.None);
                _ = told || await QuietlyAsync(WorkflowActivities.NotifyAdministrator, incident);
                await QuietlyAsync(WorkflowActivities.CloseIncident, incident with { Error = "deadline" });
                return (true, default);
            }

            await context.CreateTimer(wakeAt.UtcDateTime, CancellationToken.None);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, retry.IncidentMaxDelay.Ticks));
            opened = opened || await QuietlyAsync(WorkflowActivities.OpenIncident, incident);
            try
            {
                var value = await context.CallActivityAsync<T>(activity, request, Quick);
                if (!told)
                {
                    // The relay was the cause: the notice could not go out before; the administrator still learns of it.
                    await QuietlyAsync(WorkflowActivities.NotifyAdministrator, incident);
                }

                await QuietlyAsync(WorkflowActivities.CloseIncident, incident);
                return (false, value);
            }
            catch (TaskFailedException)
            {
                // Still failing: the administrator is told as soon as the relay lets the notice through.
                told = told || await QuietlyAsync(WorkflowActivities.NotifyAdministrator, incident);
            }
        }

        throw failure;
    }

    /// <summary>
    /// Opens an incident the workflow did not meet itself (its instance was lost, <see cref="WorkflowResume"/>): the
    /// status page shows it and the administrator is told, as for a failed step; <see cref="CloseAsync"/> ends it.
    /// </summary>
    public async Task OpenAsync(IncidentNotice incident)
    {
        await QuietlyAsync(WorkflowActivities.OpenIncident, incident);
        await QuietlyAsync(WorkflowActivities.NotifyAdministrator, incident);
    }

    public Task CloseAsync(IncidentNotice incident) => QuietlyAsync(WorkflowActivities.CloseIncident, incident);

    /// <summary>The next incident of this instance (numbered after the ones its steps opened), for a wait that opens one itself.</summary>
    public IncidentNotice NextIncident(string step, string error) => new(input.Reference, ++incidents, step, error);

    private async Task<bool> QuietlyAsync(Activity<IncidentNotice> activity, IncidentNotice incident)
    {
        try
        {
            await context.CallActivityAsync(activity.Name, incident, Quick);
            return true;
        }
        catch (TaskFailedException)
        {
            return false;
        }
    }

    private DateTimeOffset Now() => new(context.CurrentUtcDateTime, TimeSpan.Zero);

    private static string Describe(TaskFailedException failure)
    {
        var details = failure.FailureDetails;
        var message = details.ErrorMessage.Length > 300 ? details.ErrorMessage[..300] + "…" : details.ErrorMessage;
        return $"{details.ErrorType.Split('.')[^1]}: {message}";
    }
}
