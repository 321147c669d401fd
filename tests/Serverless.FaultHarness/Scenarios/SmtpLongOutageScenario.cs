using System.Globalization;
using Serverless.FaultHarness.Analysis;

namespace Serverless.FaultHarness.Scenarios;

/// <summary>
/// The relay down for longer than the shortened retry window while every application is approved: they should go to
/// <c>Incident</c>, the commune's administrator be told, and all complete once the relay is back.
/// </summary>
public sealed class SmtpLongOutageScenario : Scenario
{
    public override string Name => "smtp-long-outage";

    public override string Description => "SMTP relay down during all approvals for longer than the shortened retry window (2 min, 1 min with --short)";

    protected override async Task ExerciseAsync(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var outage = run.Settings.Pick(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(1));
        await run.SubmitAsync(run.Settings.Applications);
        var down = new FaultTrigger(1, async () =>
        {
            run.Bed.RelayDown();
            await Task.Delay(outage);
            run.Bed.RelayUp();
        });
        await run.ApproveAllAsync(beforeApprovals: () => down.OnStep(1));
        await run.Statuses.ObserveUntilAsync(run.Accepted, down.Completion, "relay down");
        await run.SettleAsync();

        var approved = run.ApprovalResults.Where(approval => approval.Decided).Select(approval => approval.Reference).ToList();
        // "Incident", or a final status with the incident beside it (the decision is taken, only the notices wait).
        var inIncident = approved.Count(reference => run.Statuses.Timeline(reference).Any(seen => seen.Status == "Incident" || seen.Status.Contains("+incident(", StringComparison.Ordinal)));
        StatusTruth.DescribeFault(run, "smtp down", "smtp up");
        run.Check("every application approved during the outage showed an incident on its page", approved.Count > 0 && inIncident == approved.Count, string.Create(CultureInfo.InvariantCulture, $"{inIncident} of {approved.Count}"));
        // The notices are queued e-mails of their own (workflow version 3): they leave on their own retry schedule once
        // the relay is back, possibly after the applications are final.
        await OutboxDrain.WaitAsync(run, TimeSpan.FromMinutes(2));
        var noticed = await NoticedAsync(run);
        var notified = approved.Count(noticed.Contains);
        run.Check("the administrator got an [Incident] notice for each", approved.Count > 0 && notified == approved.Count, string.Create(CultureInfo.InvariantCulture, $"{notified} of {approved.Count} (read after the relay came back)"));
    }

    private static async Task<HashSet<string>> NoticedAsync(ScenarioRun run) =>
        (await run.Mailbox.AllAsync())
            .Select(mail => ClassifiedMail.From(mail, mail.To.Count > 0 ? mail.To[0] : string.Empty))
            .Where(mail => mail.Kind == MailKind.Incident && mail.Reference is not null)
            .Select(mail => mail.Reference!)
            .ToHashSet(StringComparer.Ordinal);
}
