using System.Diagnostics;
using System.Globalization;
using Serverless.FaultHarness.Infrastructure;
using Serverless.FaultHarness.Product;
using Serverless.FaultHarness.Reporting;
using Serverless.FaultHarness.Workload;

namespace Serverless.FaultHarness.Scenarios;

/// <summary>
/// One scenario in progress: the test bed, the citizen and agent clients, what was filed and approved, and the
/// checks, findings and timings that go into the report. The steps scenarios share live here.
/// </summary>
public sealed class ScenarioRun : IDisposable
{
    private readonly List<Submission> submissions = [];
    private readonly List<ApprovalResult> approvals = [];
    private readonly List<Check> checks = [];
    private readonly List<string> findings = [];
    private readonly Dictionary<string, double> timings = new(StringComparer.Ordinal);
    private int lateApprovals;

    public ScenarioRun(string name, TestBed bed, RunSettings settings, ApplicationForm form)
    {
        Name = name;
        Bed = bed;
        Settings = settings;
        Citizen = new CitizenApi(bed.PublicBaseUrl, form);
        Mailbox = new MaildevClient(bed.Mail.WebUrl);
        Agent = new ReviewAgent(Mailbox);
        Statuses = new StatusWatch(name, Citizen);
    }

    /// <summary>How long the agent waits for the review requests before approving; later ones are approved while settling.</summary>
    public static TimeSpan ReviewRequestWait { get; } = TimeSpan.FromSeconds(120);

    public string Name { get; }

    public TestBed Bed { get; }

    public RunSettings Settings { get; }

    public CitizenApi Citizen { get; }

    public MaildevClient Mailbox { get; }

    public ReviewAgent Agent { get; }

    public StatusWatch Statuses { get; }

    public IReadOnlyList<Submission> Submissions => submissions;

    public IReadOnlyList<Submission> Accepted => [.. submissions.Where(submission => submission.Accepted is not null)];

    public IReadOnlyList<ApprovalResult> ApprovalResults => approvals;

    public IReadOnlyList<Check> Checks => checks;

    public IReadOnlyList<string> Findings => findings;

    public IReadOnlyDictionary<string, double> Timings => timings;

    public void Check(string name, bool passed, string detail)
    {
        checks.Add(new Check(name, passed, detail));
        Progress.Say(Name, $"check {(passed ? "ok" : "FAILED")}: {name}: {detail}");
    }

    public void Finding(string text)
    {
        findings.Add(text);
        Progress.Say(Name, "finding: " + text);
    }

    public void Time(string what, TimeSpan elapsed) => timings[what] = Math.Round(elapsed.TotalSeconds, 1);

    public async Task SubmitAsync(int count, int concurrency = 4, TimeSpan? pace = null, Func<int, Task>? beforeEach = null)
    {
        var clock = Stopwatch.StartNew();
        var filed = await new Submitter(Citizen).SubmitAsync(count, concurrency, pace, beforeEach);
        submissions.AddRange(filed);
        Time("submitting", clock.Elapsed);
        Progress.Say(Name, string.Create(CultureInfo.InvariantCulture, $"filed {filed.Count}, accepted {filed.Count(item => item.Accepted is not null)} in {clock.Elapsed.TotalSeconds:F1} s"));
    }

    public Task RetryRefusedAsync() => new Submitter(Citizen).RetryRefusedAsync(submissions, maxAttempts: 5, TimeSpan.FromSeconds(2));

    /// <summary>
    /// Waits for the review request of every accepted application, then (after <paramref name="beforeApprovals"/>)
    /// approves them all through the links, calling <paramref name="afterEach"/> with the count done.
    /// </summary>
    public async Task ApproveAllAsync(Func<int, Task>? afterEach = null, Func<Task>? beforeApprovals = null, int concurrency = 3)
    {
        var references = Accepted.Select(submission => submission.Reference!).ToList();
        var clock = Stopwatch.StartNew();
        var mails = await new ReviewInbox(Name, Mailbox).WaitForRequestsAsync(references, ReviewRequestWait);
        Time("until every review request arrived", clock.Elapsed);
        var missing = references.Where(reference => !mails.ContainsKey(reference)).ToList();
        if (missing.Count > 0)
        {
            Finding(string.Create(CultureInfo.InvariantCulture, $"{missing.Count} applications had no review request after {ReviewRequestWait.TotalSeconds:F0} s (approved later if it comes): {string.Join(", ", missing.Take(10))}"));
        }

        if (beforeApprovals is not null)
        {
            await beforeApprovals();
        }

        clock.Restart();
        var work = references.Where(mails.ContainsKey).Select(reference => (reference, mails[reference])).ToList();
        approvals.AddRange(await new Approvals(Agent).ApproveAsync(work, concurrency, afterEach));
        Time("approving", clock.Elapsed);
        var refused = approvals.Where(approval => !approval.Decided).ToList();
        Progress.Say(Name, $"approved {approvals.Count - refused.Count} of {work.Count} through the e-mail links");
        if (refused.Count > 0)
        {
            Finding($"{refused.Count} approvals did not go through: {string.Join("; ", refused.Take(5).Select(approval => $"{approval.Reference} {approval.Outcome}"))}");
        }
    }

    /// <summary>Restarts a host that died by itself (as a platform would), saying so.</summary>
    public async Task RestartCrashedHostsAsync()
    {
        foreach (var host in Bed.Hosts.Where(host => host.HasCrashed))
        {
            Finding($"{host.Name} exited by itself (see logs/{Name}-{host.Name}.log); restarted as a platform would");
            await Bed.RestartHostAsync(host);
        }
    }

    /// <summary>Waits until every accepted application is final, or the time allowed is over.</summary>
    public async Task SettleAsync()
    {
        await RestartCrashedHostsAsync();
        var elapsed = await Statuses.WaitForFinalAsync(Accepted, Settings.SettleTimeout, ApproveLateArrivalsAsync);
        Time("from the end of the faults until all final", elapsed);
        if (lateApprovals > 0)
        {
            Finding(string.Create(CultureInfo.InvariantCulture, $"{lateApprovals} review requests arrived late (after the agent's first {ReviewRequestWait.TotalSeconds:F0} s wait) and were approved while settling"));
        }
    }

    /// <summary>The agent approves the review requests that arrived since (each application once).</summary>
    private async Task ApproveLateArrivalsAsync()
    {
        var tried = approvals.Select(approval => approval.Reference).ToHashSet(StringComparer.Ordinal);
        var waiting = Accepted.Select(submission => submission.Reference!).Where(reference => !tried.Contains(reference)).ToList();
        if (waiting.Count == 0)
        {
            return;
        }

        var arrived = await new ReviewInbox(Name, Mailbox).FindAsync(waiting);
        if (arrived.Count == 0)
        {
            return;
        }

        var work = arrived.Select(pair => (pair.Key, pair.Value)).ToList();
        approvals.AddRange(await new Approvals(Agent).ApproveAsync(work, concurrency: 3));
        lateApprovals += work.Count;
        Progress.Say(Name, $"approved {work.Count} review requests that arrived late");
    }

    /// <summary>Runs a fault in the background: inject, wait its duration, clear.</summary>
    public static Task InBackground(Func<Task> fault) => Task.Run(fault);

    public void Dispose()
    {
        Agent.Dispose();
        Mailbox.Dispose();
        Citizen.Dispose();
    }
}
