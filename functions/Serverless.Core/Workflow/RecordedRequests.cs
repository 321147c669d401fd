using Serverless.Core.Applications;

namespace Serverless.Core.Workflow;

/// <summary>
/// What the workflow does with a request an HTTP handler recorded, once it acts on it: the audit entry (under the
/// name of the person who asked, at the time they asked) and the end of the pending request the sweeper watches.
/// Used by the activity that acts on the request, so the audit says what the workflow accepted, not what was sent.
/// </summary>
public sealed class RecordedRequests(ReviewDecisions decisions, PendingRequests pending, AuditTrail audit)
{
    /// <summary>The round's recorded decision, audited once; null when no agent decided the round (implicit decisions).</summary>
    public async Task<RecordedDecision?> ApplyDecisionAsync(string reference, int round, CancellationToken cancellationToken)
    {
        var decision = await decisions.FindAsync(reference, round, cancellationToken);
        if (decision is { IsImplicit: true })
        {
            // The workflow's own claim at the deadline: no agent decided the round.
            decision = null;
        }

        if (decision is not null)
        {
            var action = decision.Decision switch
            {
                nameof(ReviewAction.Approve) => AuditAction.Approved,
                nameof(ReviewAction.Reject) => AuditAction.Rejected,
                _ => AuditAction.ChangesRequested,
            };
            await audit.RecordAsync(reference, AuditSteps.Decision(round), new AuditEntry(action, decision.DecidedAt, AuditActors.Agent(decision.Reviewer), decision.Comment), cancellationToken);
        }

        await pending.CompleteAsync(reference, RequestKind.Decision, round, cancellationToken);
        return decision;
    }

    /// <summary>
    /// For a step of the partition layout (decision 0012): the round's recorded decision and its audit row, for the
    /// step's transaction (null row: no agent decided the round). Once committed, <see cref="CompleteDecisionAsync"/>.
    /// </summary>
    public async Task<(RecordedDecision? Decision, Azure.Data.Tables.TableEntity? AuditRow)> DecisionRowAsync(string reference, int round, CancellationToken cancellationToken)
    {
        var decision = await decisions.FindAsync(reference, round, cancellationToken);
        return DecisionRow(reference, round, decision);
    }

    /// <summary>
    /// The application's record with the decision of the round it is in, in one request (decision 0012's partition),
    /// and that decision's audit row as <see cref="DecisionRowAsync"/> makes it; for an application of before the
    /// partition layout, the decision applied the way of before (<see cref="ApplyDecisionAsync"/>) and no row. Null
    /// record: no application.
    /// </summary>
    public async Task<(ApplicationRecord? Record, Azure.Data.Tables.TableEntity? AuditRow)> ApplicationWithDecisionRowAsync(string reference, CancellationToken cancellationToken)
    {
        var (decision, record) = await decisions.FindWithApplicationAsync(reference, round: null, cancellationToken);
        if (record is null)
        {
            return (null, null);
        }

        if (!record.InPartition)
        {
            await ApplyDecisionAsync(reference, record.ReviewRound, cancellationToken);
            return (record, null);
        }

        return (record, DecisionRow(reference, record.ReviewRound, decision).AuditRow);
    }

    private (RecordedDecision? Decision, Azure.Data.Tables.TableEntity? AuditRow) DecisionRow(string reference, int round, RecordedDecision? decision)
    {
        if (decision is null or { IsImplicit: true })
        {
            return (null, null);
        }

        var action = decision.Decision switch
        {
            nameof(ReviewAction.Approve) => AuditAction.Approved,
            nameof(ReviewAction.Reject) => AuditAction.Rejected,
            _ => AuditAction.ChangesRequested,
        };
        return (decision, audit.NewRow(reference, AuditSteps.Decision(round), new AuditEntry(action, decision.DecidedAt, AuditActors.Agent(decision.Reviewer), decision.Comment)));
    }

    /// <summary>The round's decision is applied (its audit row committed): no longer pending.</summary>
    public Task CompleteDecisionAsync(string reference, int round, CancellationToken cancellationToken) =>
        pending.CompleteAsync(reference, RequestKind.Decision, round, cancellationToken);

    /// <summary>The withdrawal's audit row, for the step's transaction (partition layout); then <see cref="CompleteWithdrawalAsync"/>.</summary>
    public Azure.Data.Tables.TableEntity WithdrawalRow(string reference, string citizenEmail, DateTimeOffset at) =>
        audit.NewRow(reference, AuditSteps.Withdrawal, new AuditEntry(AuditAction.Withdrawn, at, AuditActors.Citizen(citizenEmail), string.Empty));

    public Task CompleteWithdrawalAsync(string reference, CancellationToken cancellationToken) =>
        pending.CompleteAsync(reference, RequestKind.Withdrawal, 0, cancellationToken);

    /// <summary>The citizen's withdrawal, audited once.</summary>
    public async Task ApplyWithdrawalAsync(string reference, string citizenEmail, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(reference, AuditSteps.Withdrawal, new AuditEntry(AuditAction.Withdrawn, at, AuditActors.Citizen(citizenEmail), string.Empty), cancellationToken);
        await pending.CompleteAsync(reference, RequestKind.Withdrawal, 0, cancellationToken);
    }

    /// <summary>The citizen's answer to round <paramref name="round"/> is taken into account: no longer pending.</summary>
    public Task ApplyCorrectionAsync(string reference, int round, CancellationToken cancellationToken) =>
        pending.CompleteAsync(reference, RequestKind.Correction, round, cancellationToken);

    /// <summary>The workflow started: the submission's start request is done.</summary>
    public Task ApplyStartAsync(string reference, CancellationToken cancellationToken) =>
        pending.CompleteAsync(reference, RequestKind.Start, 0, cancellationToken);
}
