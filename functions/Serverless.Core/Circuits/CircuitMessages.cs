using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Deadlines;
using Serverless.Core.Outbox;
using Serverless.Core.Review;
using Serverless.Platform.Configuration;

namespace Serverless.Core.Circuits;

/// <summary>
/// The outbox rows of a circuit step's e-mails: one per person who may act (the drafter; a visa's signatories; the
/// signatory and every holder of a delegation of theirs in force today), each with a link of their own; or the
/// escalation to the commune's administrator. Nobody to ask is an error a person must fix in the catalogue.
/// </summary>
public sealed class CircuitMessages(
    CircuitSigners signers,
    CircuitTokens tokens,
    EmailOutbox outbox,
    IOptions<ReviewOptions> review,
    IOptions<PublicUrlOptions> urls,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<TableEntity>> PrepareAsync(LoadedApplication application, CircuitStepRequest request)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(request);
        var step = request.Plan.Steps[request.Step];
        var occasion = new CircuitEmails.Occasion(request.Reminder, request.Escalate);
        var expiresAt = clock.GetUtcNow().Add(review.Value.LinkLifetime);
        if (request.Escalate)
        {
            var message = CircuitEmails.StepRequest(application, application.Commune.AdministratorEmail, step, request.Plan.Steps.Count, url: null, expiresAt, occasion);
            return [await outbox.PrepareQueuedAsync(application.Reference, OutboxSteps.Circuit(request.Pass, step.Index, -1), message, onSend: null, CancellationToken.None)];
        }

        var recipients = Recipients(application, step);
        if (recipients.Count == 0)
        {
            throw new Workflow.NonRetryableException($"Application {application.Reference}: nobody may act at the circuit's step \"{step.Label}\" today (signatories or delegations in the commune's catalogue).");
        }

        var rows = new List<TableEntity>();
        foreach (var (actor, email) in recipients)
        {
            var token = tokens.Issue(new CircuitGrant(application.Reference, request.Pass, step.Index, actor, expiresAt));
            var message = CircuitEmails.StepRequest(application, email, step, request.Plan.Steps.Count, urls.Value.Api(Routes.DecisionPath(token)), expiresAt, occasion);
            rows.Add(await outbox.PrepareQueuedAsync(application.Reference, OutboxSteps.Circuit(request.Pass, step.Index, request.Reminder), message, onSend: null, CancellationToken.None));
        }

        return rows;
    }

    /// <summary>Who is asked: (the actor the link names, the address it goes to).</summary>
    public IReadOnlyList<(string Actor, string Email)> Recipients(LoadedApplication application, CircuitStepPlan step)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(step);
        return step.Kind == CircuitStepKind.Draft
            ? [.. step.Actors.Select(drafter => (drafter, drafter))]
            : [.. signers.Of(application.Commune.Id, application.Procedure.Id, step, ParisToday.Of(clock)).Select(signer => (signer.Signatory.Id, signer.Signatory.Email))];
    }
}
