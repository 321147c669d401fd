using Serverless.FaultHarness.Analysis;
using Serverless.FaultHarness.Infrastructure;
using Serverless.FaultHarness.Product;
using Serverless.FaultHarness.Reporting;

namespace Serverless.FaultHarness.Scenarios;

/// <summary>
/// A fault scenario: starts its own test bed, files and approves applications while injecting its fault, waits for
/// the end, then judges every application from the status pages, the mailbox and storage.
/// </summary>
public abstract class Scenario
{
    public abstract string Name { get; }

    public abstract string Description { get; }

    protected virtual int HostCount => 1;

    protected virtual IReadOnlyCollection<string> CrashOnceAfter => [];

    /// <summary>Signatures a signed decision must carry (one per signing step) when the scenario runs a signature circuit.</summary>
    protected virtual int? CircuitSignatures => null;

    /// <summary>What the citizens file: school enrolments unless the scenario needs another procedure.</summary>
    protected virtual ApplicationForm Form => ApplicationForm.SchoolEnrolment;

    /// <summary>What the scenario adds to its test bed (a local PayFiP, the fixture procedures, settings).</summary>
    protected virtual BedExtras Extras => BedExtras.None;

    /// <summary>The scenario's own judgement of each application, on top of the common one (the payments, say).</summary>
    protected virtual Task<IReadOnlyList<ApplicationVerdict>> JudgeMoreAsync(ScenarioRun run, IReadOnlyList<ApplicationVerdict> verdicts, IReadOnlyList<ClassifiedMail> mails) =>
        Task.FromResult(verdicts);

    public async Task<ScenarioReport> RunAsync(Toolbox toolbox, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(toolbox);
        ArgumentNullException.ThrowIfNull(settings);
        var started = DateTimeOffset.UtcNow;
        Progress.Say(Name, $"starting: {Description}");
        await using var bed = await TestBed.StartAsync(Name, toolbox, HostCount, CrashOnceAfter, Extras);
        using var run = new ScenarioRun(Name, bed, settings, Form);
        try
        {
            await ExerciseAsync(run);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            run.Check("the scenario ran to its end", false, exception.GetType().Name + ": " + exception.Message);
        }

        return await JudgeAsync(run, started);
    }

    protected abstract Task ExerciseAsync(ScenarioRun run);

    private async Task<ScenarioReport> JudgeAsync(ScenarioRun run, DateTimeOffset started)
    {
        var bed = run.Bed;
        if (!bed.Relay.IsUp)
        {
            bed.RelayUp();
        }

        // The last word of every page, the queued e-mails given time to leave, then what the mailbox and storage hold.
        await run.Statuses.PollOnceAsync(run.Accepted);
        await OutboxDrain.WaitAsync(run, TimeSpan.FromMinutes(2));
        var mails = (await run.Mailbox.AllAsync())
            .SelectMany(mail => mail.To.Select(to => ClassifiedMail.From(mail, to)))
            .ToList();
        var storage = await StorageSnapshot.ReadAsync(bed.Storage.ConnectionString);
        var verdicts = await JudgeMoreAsync(run, Ledger.Judge(run.Submissions, run.Statuses, mails, storage, CircuitSignatures), mails);
        DescribeStrayMail(run, mails);
        var finals = verdicts
            .GroupBy(verdict => verdict.FinalStatus is null ? "unread" : verdict.FinalStatus == "Approved" && verdict.CertificateNumberShown is null ? "Approved(no certificate)" : verdict.FinalStatus)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        var report = new ScenarioReport
        {
            Scenario = Name,
            Description = Description,
            CodeVersion = run.Settings.CodeVersion,
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
            ApplicationsRequested = run.Submissions.Count,
            Submissions = SubmissionStatistics.Summarize(run.Submissions),
            Faults = bed.Faults.Events,
            Approvals = run.ApprovalResults,
            TimingsSeconds = run.Timings,
            FinalStates = finals,
            Checks = run.Checks,
            Findings = run.Findings,
            Applications = verdicts,
        };
        return report;
    }

    private static void DescribeStrayMail(ScenarioRun run, List<ClassifiedMail> mails)
    {
        var accepted = run.Accepted.Select(submission => submission.Reference!).ToHashSet(StringComparer.Ordinal);
        var withoutReference = mails.Count(mail => mail.Reference is null);
        if (withoutReference > 0)
        {
            run.Finding($"{withoutReference} e-mails name no application reference (subjects: {string.Join(" | ", mails.Where(mail => mail.Reference is null).Select(mail => mail.Mail.Subject).Distinct().Take(5))})");
        }

        var strangers = mails.Where(mail => mail.Reference is not null && !accepted.Contains(mail.Reference)).Select(mail => mail.Reference!).Distinct().ToList();
        if (strangers.Count > 0)
        {
            run.Finding($"{strangers.Count} references got e-mails although no citizen was given them (a refused submission that went on anyway): {string.Join(", ", strangers.Take(10))}");
        }

        var incidents = mails.Count(mail => mail.Kind == MailKind.Incident);
        if (incidents > 0)
        {
            run.Finding($"{incidents} [Incident] notices sent, to {string.Join(", ", mails.Where(mail => mail.Kind == MailKind.Incident).Select(mail => mail.Recipient).Distinct())}");
        }
    }
}
