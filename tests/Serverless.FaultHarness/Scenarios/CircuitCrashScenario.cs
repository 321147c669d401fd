using System.Diagnostics;
using System.Globalization;
using Serverless.FaultHarness.Product;

namespace Serverless.FaultHarness.Scenarios;

/// <summary>
/// Emergency aid requests through the whole visa and signature circuit, driven by its people from their e-mails
/// (the agent approves, the drafter submits, two visas, the mayor asks a code and signs), while each circuit activity
/// throws once per application right after its side effect (<c>Faults__CrashOnceAfter</c>) and the host is killed
/// (-9) once at a random moment of the circuits and restarted, which arms the hook again. Nothing may be lost, no
/// e-mail sent twice, and no decision document signed twice.
/// </summary>
public sealed class CircuitCrashScenario : Scenario
{
    /// <summary>The circuit's activities with a side effect (version 7 of the workflow).</summary>
    public static readonly IReadOnlyList<string> Activities = ["StartCircuit", "RequestCircuitStep", "ApplyCircuitAction"];

    /// <summary>With --short (CI), at most this many applications: each circuit is four people's steps, about a minute.</summary>
    public const int ShortRunApplications = 3;

    private static readonly TimeSpan Down = TimeSpan.FromSeconds(4);

    public override string Name => "circuit-crash";

    public override string Description => "emergency aids through the signature circuit; each circuit activity throws once per application after its side effect, and a kill -9 at a random moment of the circuits, restarted 4 s later";

    protected override IReadOnlyCollection<string> CrashOnceAfter => Activities;

    protected override ApplicationForm Form => ApplicationForm.EmergencyAid;

    protected override int? CircuitSignatures => CircuitPeople.SigningSteps;

    protected override async Task ExerciseAsync(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Bed.Faults.Record("crash once after", string.Join(",", CrashOnceAfter));
        await run.SubmitAsync(run.Settings.IsShort ? Math.Min(run.Settings.Applications, ShortRunApplications) : run.Settings.Applications);
        await run.ApproveAllAsync();
        var references = run.ApprovalResults.Where(approval => approval.Decided).Select(approval => approval.Reference).ToList();

        // The kill lands somewhere between 30 % and 70 % of all the circuits' steps, a different moment each run.
        var steps = references.Count * CircuitPeople.StepCount;
        var killAt = FaultTrigger.Fraction(steps, 0.3 + (0.4 * Random.Shared.NextDouble()));
        var host = run.Bed.Hosts[0];
        var kill = new FaultTrigger(killAt, async () =>
        {
            run.Bed.Faults.Record("kill -9 during the circuits", string.Create(CultureInfo.InvariantCulture, $"after step {killAt} of {steps}"));
            await run.Bed.KillHostAsync(host);
            await Task.Delay(Down);
            await run.Bed.RestartHostAsync(host);
        });

        var clock = Stopwatch.StartNew();
        using var people = new CircuitPeople(run.Mailbox);
        var stepsDone = 0;
        var circuits = await Concurrently(references, concurrency: 4, reference =>
            people.DriveAsync(reference, run.Settings.SettleTimeout, () => kill.OnStep(Interlocked.Increment(ref stepsDone))));
        await kill.Completion;
        run.Time("driving the circuits", clock.Elapsed);
        var unsigned = circuits.Where(circuit => !circuit.Completed).ToList();
        run.Check("every approved application's circuit went through to the mayor's signature", references.Count > 0 && unsigned.Count == 0,
            string.Create(CultureInfo.InvariantCulture, $"{circuits.Count - unsigned.Count} of {references.Count} signed; {circuits.Sum(circuit => circuit.Posts)} posts, {circuits.Sum(circuit => circuit.CodesAsked)} codes asked{string.Concat(unsigned.Take(5).Select(circuit => $"; {circuit.Reference}: {circuit.Outcome}"))}"));
        run.Check("the host was killed during the circuits", kill.Fired, kill.Fired ? string.Create(CultureInfo.InvariantCulture, $"after step {killAt} of {steps}") : "the trigger never fired");

        await run.SettleAsync();
        CrashAfterEffectScenario.CheckTheHookFired(run, CrashOnceAfter);
    }

    private static async Task<IReadOnlyList<CircuitRun>> Concurrently(List<string> references, int concurrency, Func<string, Task<CircuitRun>> drive)
    {
        var results = new CircuitRun[references.Count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < references.Count)
            {
                results[index] = await drive(references[index]);
            }
        }));
        return results;
    }
}
