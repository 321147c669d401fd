using System.Text.Json.Serialization;

namespace Serverless.Core.Circuits;

/// <summary>What a step of a signature circuit asks of the people it names.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CircuitStepKind>))]
public enum CircuitStepKind
{
    /// <summary>The agent who approved reads the draft made from the template, amends it if needed, and submits it.</summary>
    Draft,

    /// <summary>A service head gives a visa (an approval signature), sends the draft back, or amends it.</summary>
    Visa,

    /// <summary>The elected official (or a holder of their delegation) signs, or sends the draft back.</summary>
    Signature,
}

/// <summary>What a person did at a step (recorded once per step and pass: the first to act wins).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CircuitAction>))]
public enum CircuitAction
{
    /// <summary>The drafter submits the draft (as it is, or amended) to the circuit.</summary>
    Submit,

    /// <summary>A visa is given to the current version.</summary>
    Approve,

    /// <summary>Back to the drafter, with a comment; the visas start again on the next version.</summary>
    SendBack,

    /// <summary>A visa holder rewrites the draft (a new version); the visas start again on it.</summary>
    Amend,

    /// <summary>The decision is signed: the circuit ends.</summary>
    Sign,
}

/// <summary>
/// One step of an application's circuit, resolved when the circuit starts: its kind, its label as the catalogue gives
/// it, and who may act (the drafter's e-mail address for <see cref="CircuitStepKind.Draft"/>, signatory ids otherwise;
/// holders of a delegation of the signature step's signatory are found on the day they are asked).
/// </summary>
public sealed record CircuitStepPlan(int Index, CircuitStepKind Kind, string Label, IReadOnlyList<string> Actors);

/// <summary>The circuit's steps and its reminders, fixed when it starts (working days; the day's length for tests).</summary>
public sealed record CircuitPlan(string Reference, IReadOnlyList<CircuitStepPlan> Steps, CircuitTiming Timing)
{
    /// <summary>The signature fields of the decision's PDF: one per visa step, then the signature's.</summary>
    public IReadOnlyList<CircuitStepPlan> SigningSteps => [.. Steps.Where(step => step.Kind != CircuitStepKind.Draft)];
}

public sealed record CircuitTiming(double ReminderAfterDays, int MaxReminders, double EscalateAfterDays, TimeSpan? DayLength);

/// <summary>What a circuit runs on: the plan, the version of the circuit's path (circuits last weeks), the legal deadline.</summary>
public sealed record CircuitInput(CircuitPlan Plan, int CircuitVersion, DateTimeOffset DecisionDueAt);

/// <summary>The start of a circuit: the approval that opens it (the drafter is the approving agent).</summary>
public sealed record CircuitStart(string Reference, string Drafter, DateTimeOffset ApprovedAt, DateTimeOffset DecisionDueAt, TimeSpan? DayLength);

/// <summary>
/// The event raised at the application's instance once a person's action in its circuit is recorded: which pass and step, and what (the
/// comment and any amended text stay in the action's row, never in the orchestration's history).
/// </summary>
public sealed record CircuitActionEvent(int Pass, int Step, CircuitAction Action);

/// <summary>
/// Ask the people of step <paramref name="Step"/> of pass <paramref name="Pass"/> (on version <paramref name="Version"/>
/// of the text): <paramref name="Reminder"/> 0 is the first request, then reminders; <paramref name="Escalate"/> tells
/// the commune's administrator instead.
/// </summary>
public sealed record CircuitStepRequest(CircuitPlan Plan, int Pass, int Version, int Step, int Reminder, bool Escalate = false);

/// <summary>Apply the recorded action of step <paramref name="Step"/> of pass <paramref name="Pass"/>.</summary>
public sealed record CircuitStepAction(CircuitPlan Plan, int Pass, int Version, int Step);

/// <summary>What the action did, and the version of the text the circuit continues with.</summary>
public sealed record CircuitStepResult(CircuitAction Action, int Version);

/// <summary>How a circuit ended: completed with the signature (the decision's blob), or cancelled by the citizen's withdrawal.</summary>
public sealed record CircuitOutcome(bool Completed, int Version, string? DecisionBlob);

public static class CircuitNames
{
    public const string ActionEvent = "CircuitAction";

    /// <summary>Custom status of the workflow while its circuit waits for a person: <c>AwaitingCircuitAction|{pass}|{step}</c>.</summary>
    public const string AwaitingAction = "AwaitingCircuitAction";

    public static string AwaitingActionAt(int pass, int step) => $"{AwaitingAction}|{pass}|{step}";

    /// <summary>The version new circuits start on.</summary>
    public const int CurrentVersion = 1;
}
