using Serverless.Core.Addresses;

namespace Serverless.Core.Workflow;

/// <summary>
/// Retry settings fixed into each new instance (so a running instance keeps them), and the sweeper's pace.
/// The defaults suit production; tests and the fault harness shorten them.
/// </summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflow";

    /// <summary>First delay of an activity's quick retries (doubling).</summary>
    public TimeSpan RetryFirstDelay { get; set; } = WorkflowRetry.Default.FirstDelay;

    /// <summary>Attempts before the step becomes an incident.</summary>
    public int RetryAttempts { get; set; } = WorkflowRetry.Default.Attempts;

    /// <summary>First wait of an incident before the step is tried again (doubling).</summary>
    public TimeSpan IncidentFirstDelay { get; set; } = WorkflowRetry.Default.IncidentFirstDelay;

    /// <summary>Longest wait between two tries of a step in incident.</summary>
    public TimeSpan IncidentMaxDelay { get; set; } = WorkflowRetry.Default.IncidentMaxDelay;

    public WorkflowRetry Retry => new(RetryFirstDelay, RetryAttempts, IncidentFirstDelay, IncidentMaxDelay);

    /// <summary>
    /// Local host and tests only: the queue of workflow starts, so that several hosts on one Azurite, each with its own
    /// task hub, do not start each other's workflows. The Functions trigger always reads <see cref="StorageNames.WorkflowStartsQueue"/>.
    /// </summary>
    public string StartQueueName { get; set; } = StorageNames.WorkflowStartsQueue;
}

/// <summary>How often the sweeper looks for recorded requests that their workflow has not applied.</summary>
public sealed class RecoveryOptions
{
    public const string Section = "Recovery";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A request younger than this is left to the request that recorded it.</summary>
    public TimeSpan MinimumAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the local host compares pending applications with their instances (the Functions timer: hourly).</summary>
    public TimeSpan LostWorkflowsInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the local host moves poisoned queue messages back (the Functions timer: every 15 minutes).</summary>
    public TimeSpan PoisonedMessagesInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the local host removes the attachments no application names (the Functions timer: daily).</summary>
    public TimeSpan UnnamedAttachmentsInterval { get; set; } = TimeSpan.FromDays(1);
}
