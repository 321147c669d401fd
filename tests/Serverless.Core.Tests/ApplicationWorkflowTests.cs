using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Serverless.Core.Applications;
using Serverless.Core.Circuits;
using Serverless.Core.Orchestration;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Workflow;

namespace Serverless.Core.Tests;

/// <summary>
/// Every path of the current orchestrator version (version 6, whose combined steps record the two steps each replaces) on the in-memory Durable Task backend, with activities replaced by recorders (the
/// real activities run end to end in the integration tests) and days shortened to a fraction of a second.
/// </summary>
public sealed class ApplicationWorkflowTests : IAsyncLifetime
{
    private static readonly TimeSpan Day = TimeSpan.FromMilliseconds(400);
    private readonly ConcurrentQueue<string> calls = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> firstSeen = new();
    private DurableTaskTestHost host = null!;
    private bool failValidation;
    private CircuitPlan? circuitPlan;
    private readonly ConcurrentDictionary<(int Pass, int Step), CircuitAction> scriptedActions = new();

    public async Task InitializeAsync()
    {
        // The test host picks a free port and then binds it: another process may take it in between.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                host = await StartHostAsync();
                return;
            }
            catch (IOException exception) when (exception.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException && attempt < 5)
            {
            }
        }
    }

    private Task<DurableTaskTestHost> StartHostAsync() =>
        DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<ApplicationWorkflowInput, ApplicationOutcome>(
                WorkflowNames.ApplicationWorkflow,
                (context, input) => ApplicationWorkflow.RunAsync(context, input));
            registry.AddActivityFunc<Acknowledgement, ValidationOutcome>(ActivityNames.AdmitApplication, (_, _) =>
            {
                Record("admit");
                return failValidation ? new ValidationOutcome(false, ["L'enfant doit avoir entre 2 et 11 ans."]) : new ValidationOutcome(true, []);
            });
            registry.AddActivityFunc<ReviewRequest, IReadOnlyList<string>>(ActivityNames.OpenReviewRound, (_, request) =>
            {
                Record($"review:{request.Round}");
                return ["agent@mairie.example"];
            });
            registry.AddActivityFunc<ReviewerEmail, bool>(ActivityNames.SendReviewerEmail, (_, email) => email.ReminderNumber == 0 || Record($"reminder:{email.ReminderNumber}"));
            registry.AddActivityFunc<RevocationLink, bool>(ActivityNames.SendRevocationLink, (_, _) => true);
            registry.AddActivityFunc<Escalation, bool>(ActivityNames.EscalateReview, (_, escalation) => Record($"escalate:{escalation.Level}"));
            registry.AddActivityFunc<ChangeRequest, bool>(ActivityNames.RequestChanges, (_, request) => Record($"changes:{request.Round}:{string.Join('+', request.Fields)}"));
            registry.AddActivityFunc<Closing, bool>(ActivityNames.CloseApplication, (_, closing) => Record($"close:{closing.Reason}"));
            registry.AddActivityFunc<CertificateRequest, IssuedCertificate>(ActivityNames.IssueCertificate, (_, request) =>
            {
                Record($"certificate:{(request.Implicit ? "implicit" : "explicit")}");
                return new IssuedCertificate(request.Number, "abc");
            });
            // Version 6's combined steps record what each of the two steps they replace would have.
            registry.AddActivityFunc<AdmissionAndReview, AdmissionResult>(ActivityNames.AdmitAndOpenReview, (_, _) =>
            {
                Record("admit");
                if (failValidation)
                {
                    return new AdmissionResult(new ValidationOutcome(false, ["L'enfant doit avoir entre 2 et 11 ans."]), []);
                }

                Record("review:1");
                return new AdmissionResult(new ValidationOutcome(true, []), ["agent@mairie.example"]);
            });
            registry.AddActivityFunc<Approval, IssuedCertificate>(ActivityNames.ApproveApplication, (_, approval) =>
            {
                Record($"certificate:{(approval.Certificate.Implicit ? "implicit" : "explicit")}{(approval.Certificate.SignedDecision is { } signed ? $":{signed}" : string.Empty)}");
                Record($"notify:{approval.Outcome}:{approval.Comment}");
                return new IssuedCertificate(approval.Certificate.Number, "abc");
            });
            registry.AddActivityFunc<ImplicitDecisionClaim, ReviewDecisionEvent?>(ActivityNames.ClaimImplicitDecision, (_, _) => (ReviewDecisionEvent?)null);
            registry.AddActivityFunc<CitizenNotice, bool>(ActivityNames.NotifyCitizen, (_, notice) => Record($"notify:{notice.Outcome}:{notice.Reason}"));

            // The signature circuit (version 7): no plan unless a test sets one; each step's action as the test scripts it.
            registry.AddActivityFunc<CircuitStart, CircuitPlan?>(ActivityNames.StartCircuit, (_, start) =>
            {
                if (circuitPlan is null)
                {
                    return null;
                }

                Record($"circuit:{start.Drafter}");
                return circuitPlan with { Reference = start.Reference };
            });
            registry.AddActivityFunc<CircuitStepRequest, bool>(ActivityNames.RequestCircuitStep, (_, request) => Record($"ask:{request.Pass}.{request.Step}.{request.Reminder}{(request.Escalate ? ".escalate" : string.Empty)}"));
            registry.AddActivityFunc<CircuitStepAction, CircuitStepResult>(ActivityNames.ApplyCircuitAction, (_, request) =>
            {
                var action = scriptedActions[(request.Pass, request.Step)];
                Record($"apply:{request.Pass}.{request.Step}.{action}");
                return new CircuitStepResult(action, action is CircuitAction.Amend ? request.Version + 1 : request.Version);
            });
        });

    public async Task DisposeAsync() => await host.DisposeAsync();

    private bool Record(string call)
    {
        firstSeen.TryAdd(call, DateTimeOffset.UtcNow);
        calls.Enqueue(call);
        return true;
    }

    private static WorkflowTiming Timing(
        double reminderAfterDays = 100,
        int maxReminders = 0,
        double? escalateAfterDays = null,
        int decisionDeadlineDays = 1000,
        SilenceMeans silence = SilenceMeans.Acceptance,
        double correctionDelayDays = 1000) =>
        new(reminderAfterDays, maxReminders, escalateAfterDays, decisionDeadlineDays, silence, correctionDelayDays, Day);

    private async Task<string> StartAsync(WorkflowTiming timing)
    {
        var reference = $"ECO-2026-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        return await host.Client.ScheduleNewOrchestrationInstanceAsync(
            WorkflowNames.ApplicationWorkflow,
            new ApplicationWorkflowInput(reference, "school-enrolment", timing, WorkflowNames.CurrentVersion, WorkflowRetry.Default) { HasSignatureCircuit = circuitPlan is not null },
            new StartOrchestrationOptions($"application-{reference}"));
    }

    private async Task WaitForAsync(string instanceId, string customStatus)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token))?.SerializedCustomStatus?.Contains(customStatus, StringComparison.Ordinal) != true)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private async Task WaitForCallAsync(string call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!calls.Contains(call))
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>
    /// Until the whole deadline, counted from the instance's start, has passed while it still awaits the correction:
    /// without the suspension the application would now be past its deadline. A day more than the deadline, since the
    /// workflow starts counting at its first run, a little after the instance was created.
    /// </summary>
    private async Task WaitPastWholeDeadlineAsync(string instanceId, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline + TimeSpan.FromSeconds(60));
        var started = (await host.Client.GetInstanceAsync(instanceId, timeout.Token))!.CreatedAt;
        while (DateTimeOffset.UtcNow <= started + deadline + Day)
        {
            Assert.Contains(WorkflowNames.AwaitingCorrection, (await host.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token))?.SerializedCustomStatus ?? string.Empty, StringComparison.Ordinal);
            await Task.Delay(50, timeout.Token);
        }
    }

    private Task DecideAsync(string instanceId, ReviewAction action, int round = 1, string comment = "", string reviewer = "agent@mairie.example", params string[] fields) =>
        host.Client.RaiseEventAsync(instanceId, WorkflowNames.ReviewDecisionEvent, new ReviewDecisionEvent(action, round, reviewer, comment, fields, DateTimeOffset.UtcNow));

    private async Task<ApplicationOutcome> CompletionAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var metadata = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return metadata.ReadOutputAs<ApplicationOutcome>()!;
    }

    private List<string> Steps => [.. calls.Select(call => call.Split(':')[0])];

    [Fact]
    public async Task RunAsync_AgentApproves_IssuesCertificateThenNotifiesCitizen()
    {
        var instanceId = await StartAsync(Timing());
        await WaitForAsync(instanceId, WorkflowNames.AwaitingReview);

        await DecideAsync(instanceId, ReviewAction.Approve, comment: "Bienvenue");
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Approved, outcome.Status);
        Assert.Matches("^AT-[0-9]{4}-[2-9A-Z]{10}$", outcome.CertificateNumber);
        Assert.Equal(["admit", "review", "certificate", "notify"], Steps);
        Assert.Contains("notify:Approved:Bienvenue", calls);
    }

    [Fact]
    public async Task RunAsync_AgentRejects_NotifiesCitizenWithReasonAndIssuesNothing()
    {
        var instanceId = await StartAsync(Timing());
        await WaitForAsync(instanceId, WorkflowNames.AwaitingReview);

        await DecideAsync(instanceId, ReviewAction.Reject, comment: "Adresse hors secteur");
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Rejected, outcome.Status);
        Assert.DoesNotContain("certificate", Steps);
        Assert.Contains("notify:Rejected:Adresse hors secteur", calls);
    }

    [Fact]
    public async Task RunAsync_ChangesRequestedThenCorrected_ReviewsASecondRoundAndApproves()
    {
        var instanceId = await StartAsync(Timing());
        await WaitForAsync(instanceId, WorkflowNames.AwaitingReview);

        await DecideAsync(instanceId, ReviewAction.RequestChanges, comment: "Justificatif illisible", fields: ["proofOfAddress"]);
        await WaitForAsync(instanceId, WorkflowNames.AwaitingCorrection);
        await host.Client.RaiseEventAsync(instanceId, WorkflowNames.CorrectionEvent, new CorrectionEvent(1, DateTimeOffset.UtcNow));
        await WaitForCallAsync("review:2");
        await DecideAsync(instanceId, ReviewAction.Approve, round: 1);   // a late first-round link: ignored
        await DecideAsync(instanceId, ReviewAction.Approve, round: 2);
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Approved, outcome.Status);
        Assert.Equal(["admit", "review", "changes", "review", "certificate", "notify"], Steps);
        Assert.Contains("changes:1:proofOfAddress", calls);
    }

    [Fact]
    public async Task RunAsync_CitizenNeverAnswersTheRequestForChanges_ClosesAsAbandoned()
    {
        var instanceId = await StartAsync(Timing(correctionDelayDays: 2));
        await WaitForAsync(instanceId, WorkflowNames.AwaitingReview);

        await DecideAsync(instanceId, ReviewAction.RequestChanges, comment: "Pièce manquante");
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Abandoned, outcome.Status);
        Assert.Contains("close:Abandoned", calls);
        Assert.Contains("notify:Abandoned:", calls);
    }

    [Fact]
    public async Task RunAsync_NoDecisionWithinDelay_RemindsThenEscalatesThenStillAcceptsTheDecision()
    {
        var instanceId = await StartAsync(Timing(reminderAfterDays: 1, maxReminders: 2, escalateAfterDays: 3));
        await WaitForCallAsync("escalate:Supervisor");

        await DecideAsync(instanceId, ReviewAction.Approve);
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Approved, outcome.Status);
        Assert.Equal(["reminder:1", "reminder:2", "escalate:Deputy", "escalate:Supervisor"], calls.Where(call => call.StartsWith("reminder", StringComparison.Ordinal) || call.StartsWith("escalate", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_DeadlinePassesWhenSilenceMeansAcceptance_IssuesAnImplicitAcceptanceCertificate()
    {
        var instanceId = await StartAsync(Timing(decisionDeadlineDays: 3, silence: SilenceMeans.Acceptance));

        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Approved, outcome.Status);
        Assert.Equal(["admit", "review", "close", "certificate", "notify"], Steps);
        Assert.Contains("close:ImplicitAcceptance", calls);
        Assert.Contains("certificate:implicit", calls);
        Assert.Contains("notify:ImplicitlyApproved:", calls);
    }

    [Fact]
    public async Task RunAsync_DeadlinePassesWhenSilenceMeansRejection_RejectsImplicitly()
    {
        var instanceId = await StartAsync(Timing(decisionDeadlineDays: 3, silence: SilenceMeans.Rejection));

        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Rejected, outcome.Status);
        Assert.Contains("close:ImplicitRejection", calls);
        Assert.Contains("notify:ImplicitlyRejected:", calls);
        Assert.DoesNotContain("certificate", Steps);
    }

    [Fact]
    public async Task RunAsync_DeadlinePassesWhenSilenceMeansNothing_EscalatesAndKeepsWaiting()
    {
        var instanceId = await StartAsync(Timing(decisionDeadlineDays: 2, silence: SilenceMeans.None));
        await WaitForCallAsync("escalate:DeadlinePassed");

        await DecideAsync(instanceId, ReviewAction.Reject, comment: "Hors délai mais traité");
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Rejected, outcome.Status);
        Assert.DoesNotContain("close", Steps);
    }

    [Fact]
    public async Task RunAsync_DeadlineSuspendedDuringCorrection_ResumesWithWhatWasLeft()
    {
        // 15 days to decide; changes requested as soon as the review opens; the citizen answers only once the whole
        // deadline is behind. A loaded machine may take a few days (of 400 ms) to open the review and deliver the request.
        var instanceId = await StartAsync(Timing(decisionDeadlineDays: 15, silence: SilenceMeans.Acceptance, correctionDelayDays: 100));
        await WaitForAsync(instanceId, WorkflowNames.AwaitingReview);
        await DecideAsync(instanceId, ReviewAction.RequestChanges, comment: "Pièce manquante");
        await WaitForAsync(instanceId, WorkflowNames.AwaitingCorrection);
        await WaitPastWholeDeadlineAsync(instanceId, Day * 15);
        await host.Client.RaiseEventAsync(instanceId, WorkflowNames.CorrectionEvent, new CorrectionEvent(1, DateTimeOffset.UtcNow));
        await WaitForCallAsync("review:2");

        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Approved, outcome.Status);
        // Without the suspension the deadline would already be past; with it, what the first round left (here at
        // least 8 of the 15 days, 7 being allowed for a slow first round) is still to run.
        Assert.True(firstSeen["close:ImplicitAcceptance"] - firstSeen["review:2"] >= Day * 8, $"{firstSeen["close:ImplicitAcceptance"] - firstSeen["review:2"]}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_CitizenWithdraws_EndsWithoutDecision(bool duringCorrection)
    {
        var instanceId = await StartAsync(Timing());
        await WaitForAsync(instanceId, WorkflowNames.AwaitingReview);
        if (duringCorrection)
        {
            await DecideAsync(instanceId, ReviewAction.RequestChanges, comment: "Pièce manquante");
            await WaitForAsync(instanceId, WorkflowNames.AwaitingCorrection);
        }

        await host.Client.RaiseEventAsync(instanceId, WorkflowNames.WithdrawalEvent, new WithdrawalEvent(DateTimeOffset.UtcNow));
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Withdrawn, outcome.Status);
        Assert.Contains("notify:Withdrawn:", calls);
        Assert.DoesNotContain("certificate", Steps);
    }

    [Fact]
    public async Task RunAsync_TwoReviewersDecideAtOnce_TheFirstDecisionWins()
    {
        var instanceId = await StartAsync(Timing());
        await WaitForAsync(instanceId, WorkflowNames.AwaitingReview);

        await DecideAsync(instanceId, ReviewAction.Reject, comment: "Premier", reviewer: "a@mairie.example");
        await DecideAsync(instanceId, ReviewAction.Approve, comment: "Second", reviewer: "b@mairie.example");
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Rejected, outcome.Status);
        Assert.Single(calls, call => call.StartsWith("notify", StringComparison.Ordinal));
        Assert.Contains("notify:Rejected:Premier", calls);
    }

    [Fact]
    public async Task RunAsync_AutomaticChecksFail_RejectsWithoutAskingAnAgent()
    {
        failValidation = true;
        var instanceId = await StartAsync(Timing());

        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Rejected, outcome.Status);
        Assert.DoesNotContain("review", Steps);
        Assert.Contains("notify:Rejected:L'enfant doit avoir entre 2 et 11 ans.", calls);
    }

    /// <summary>A circuit of the shape the shipped social-aid procedure has: the drafter, one visa, the signature.</summary>
    private void WithCircuit(double reminderAfterDays = 100, int maxReminders = 0, double escalateAfterDays = 1000) =>
        circuitPlan = new CircuitPlan(
            string.Empty,
            [
                new CircuitStepPlan(0, CircuitStepKind.Draft, "Rédaction", ["agent@mairie.example"]),
                new CircuitStepPlan(1, CircuitStepKind.Visa, "Visa", ["dgs"]),
                new CircuitStepPlan(2, CircuitStepKind.Signature, "Signature", ["maire"]),
            ],
            new CircuitTiming(reminderAfterDays, maxReminders, escalateAfterDays, Day));

    /// <summary>Once the circuit waits at (pass, step), the person's recorded action reaches it, as the page raises it.</summary>
    private async Task ActAsync(string instanceId, int pass, int step, CircuitAction action)
    {
        await WaitForAsync(instanceId, CircuitNames.AwaitingActionAt(pass, step));
        scriptedActions[(pass, step)] = action;
        await host.Client.RaiseEventAsync(instanceId, CircuitNames.ActionEvent, new CircuitActionEvent(pass, step, action));
    }

    [Fact]
    public async Task RunAsync_ApprovalWithACircuit_DraftVisaAndSignatureThenTheCertificateCarriesTheSignedDecision()
    {
        WithCircuit();
        var instanceId = await StartAsync(Timing());
        await WaitForAsync(instanceId, WorkflowNames.AwaitingReview);
        await DecideAsync(instanceId, ReviewAction.Approve, comment: "Accordé");

        await ActAsync(instanceId, 1, 0, CircuitAction.Submit);
        await ActAsync(instanceId, 1, 1, CircuitAction.Approve);
        await ActAsync(instanceId, 1, 2, CircuitAction.Sign);
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Approved, outcome.Status);
        var reference = instanceId["application-".Length..];
        Assert.Equal(
            ["admit", "review:1", "circuit:agent@mairie.example", "ask:1.0.0", "apply:1.0.Submit", "ask:1.1.0", "apply:1.1.Approve", "ask:1.2.0", "apply:1.2.Sign", $"certificate:explicit:{reference}/decision/v001-p001-s02.pdf", "notify:Approved:Accordé"],
            calls);
    }

    [Fact]
    public async Task RunAsync_VisaSendsBackThenAmends_NewPassesStartAtTheDrafterThenAtTheFirstVisa()
    {
        WithCircuit();
        var instanceId = await StartAsync(Timing());
        await WaitForAsync(instanceId, WorkflowNames.AwaitingReview);
        await DecideAsync(instanceId, ReviewAction.Approve);

        await ActAsync(instanceId, 1, 0, CircuitAction.Submit);
        await ActAsync(instanceId, 1, 1, CircuitAction.SendBack);
        await ActAsync(instanceId, 2, 0, CircuitAction.Submit);
        await ActAsync(instanceId, 2, 1, CircuitAction.Amend);
        await ActAsync(instanceId, 3, 1, CircuitAction.Approve);
        await ActAsync(instanceId, 3, 2, CircuitAction.Sign);
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Approved, outcome.Status);
        Assert.Equal(
            ["ask:1.0.0", "ask:1.1.0", "ask:2.0.0", "ask:2.1.0", "ask:3.1.0", "ask:3.2.0"],
            calls.Where(call => call.StartsWith("ask:", StringComparison.Ordinal)));
        // The amendment made version 2: the document signed is the third pass's, of version 2.
        Assert.Contains(calls, call => call.EndsWith("/decision/v002-p003-s02.pdf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WithdrawnDuringTheCircuit_EndsWithdrawnWithoutCertificate()
    {
        WithCircuit();
        var instanceId = await StartAsync(Timing());
        await WaitForAsync(instanceId, WorkflowNames.AwaitingReview);
        await DecideAsync(instanceId, ReviewAction.Approve);
        await WaitForAsync(instanceId, CircuitNames.AwaitingActionAt(1, 0));

        await host.Client.RaiseEventAsync(instanceId, WorkflowNames.WithdrawalEvent, new WithdrawalEvent(DateTimeOffset.UtcNow));
        var outcome = await CompletionAsync(instanceId);

        Assert.Equal(ApplicationStatus.Withdrawn, outcome.Status);
        Assert.DoesNotContain("certificate", Steps);
        Assert.DoesNotContain("apply", Steps);
    }

    [Fact]
    public async Task RunAsync_NobodyActsAtAStep_RemindersThenTheEscalationOnWorkingDays()
    {
        WithCircuit(reminderAfterDays: 1, maxReminders: 2, escalateAfterDays: 3);
        var instanceId = await StartAsync(Timing());
        await WaitForAsync(instanceId, WorkflowNames.AwaitingReview);
        await DecideAsync(instanceId, ReviewAction.Approve);

        await WaitForCallAsync("ask:1.0.0.escalate");

        Assert.Equal(["ask:1.0.0", "ask:1.0.1", "ask:1.0.2", "ask:1.0.0.escalate"], calls.Where(call => call.StartsWith("ask:", StringComparison.Ordinal)));
    }
}
