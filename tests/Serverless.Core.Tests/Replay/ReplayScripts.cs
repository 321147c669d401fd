using System.Text.Json;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Workflow;

namespace Serverless.Core.Tests.Replay;

/// <summary>The inputs and scripted activity results the recorded histories were made with.</summary>
public static class ReplayScripts
{
    public static readonly DateTime StartedAt = new(2026, 11, 30, 9, 0, 0, DateTimeKind.Utc);

    public static readonly WorkflowTiming Timing = new(
        ReminderAfterDays: 5, MaxReminders: 1, EscalateAfterDays: null, DecisionDeadlineDays: 60,
        SilenceMeans: SilenceMeans.Acceptance, CorrectionDelayDays: 15, DayLength: null);

    public static readonly IReadOnlyList<string> Reviewers = ["agent.scolaire@saint-exemple.example"];

    public static ApplicationWorkflowInput V1Input => new("ECO-2026-RPLAY2", "school-enrolment", Timing);

    /// <summary>Activities succeed at once: checks pass, the certificate is issued under the number asked for.</summary>
    public static string? Result(string activity, string input) => activity switch
    {
        ActivityNames.ValidateApplication or ActivityNames.AdmitApplication => JsonSerializer.Serialize(new ValidationOutcome(true, [])),
        ActivityNames.OpenReviewRound => JsonSerializer.Serialize(Reviewers),
        ActivityNames.IssueCertificate => JsonSerializer.Serialize(new IssuedCertificate(Argument(input).GetProperty("Number").GetString()!, "00")),
        ActivityNames.AdmitAndOpenReview => JsonSerializer.Serialize(new AdmissionResult(new ValidationOutcome(true, []), Reviewers)),
        ActivityNames.ApproveApplication => JsonSerializer.Serialize(new IssuedCertificate(Argument(input).GetProperty("Certificate").GetProperty("Number").GetString()!, "00")),
        ActivityNames.ClaimImplicitDecision => "null",
        ActivityNames.StartCircuit => "null",
        _ => "true",
    };

    /// <summary>The worker sends an activity's input wrapped in a one-element array.</summary>
    public static JsonElement Argument(string input)
    {
        var root = JsonDocument.Parse(input).RootElement;
        return root.ValueKind == JsonValueKind.Array ? root[0] : root;
    }

    public static ReviewDecisionEvent Decision(ReviewAction action, int round) =>
        new(action, round, "agent.scolaire@saint-exemple.example", action == ReviewAction.Approve ? string.Empty : "Précisez le prénom.", [], StartedAt.AddHours(2));

    /// <summary>A history recorded by an earlier version of the code (Replay/histories).</summary>
    public static List<Microsoft.DurableTask.Protobuf.HistoryEvent> History(string name) =>
        OrchestrationDriver.Load(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Replay", "histories", name)));

    /// <summary>The activities scheduled in these events, in order.</summary>
    public static List<string> Scheduled(IEnumerable<Microsoft.DurableTask.Protobuf.HistoryEvent> events) =>
        [.. events.Where(e => e.TaskScheduled is not null).Select(e => e.TaskScheduled.Name)];

    /// <summary>Stops when the instance waits for an agent or for the citizen, as an in-flight instance does.</summary>
    public static bool Waiting(OrchestrationDriver.Turn step, string customStatus) =>
        !step.ScheduledActivities.Any() && (step.CustomStatus?.Contains(customStatus, StringComparison.Ordinal) ?? false);
}
