using Serverless.Core.Applications;
using Serverless.Core.Procedures;

namespace Serverless.Core.Webhooks;

/// <summary>
/// Turns status changes into events, from the one writer of status: <c>submitted</c> (recorded with the first change
/// the workflow makes, before any other event of the application, so it is always sequence 1), <c>changes
/// requested</c> (one per review round) and <c>decided</c> (approved or rejected, explicitly or by silence). A repeated
/// step records nothing new: the ids are derived from the reference, the kind and the round.
/// </summary>
public sealed class WebhookStatusObserver(WebhookEvents events, ProcedureCatalog catalogue) : IStatusChangeObserver
{
    public async Task OnStatusChangedAsync(StatusChanged changed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (catalogue.Find(changed.Row.GetString(nameof(ApplicationRecord.ProcedureId))) is not { } procedure)
        {
            return;
        }

        var commune = procedure.CommuneId;
        WebhookFact Fact(WebhookEventKind kind, string discriminator, string status, string? certificate = null) =>
            new(commune, procedure.Id, changed.Reference, kind, discriminator, status, certificate, changed.At);

        await events.RecordAsync(Fact(WebhookEventKind.Submitted, string.Empty, nameof(ApplicationStatus.Received)), cancellationToken);
        switch (changed.To)
        {
            case ApplicationStatus.ChangesRequested:
                var round = changed.Row.GetInt32(nameof(ApplicationRecord.ReviewRound)) ?? 1;
                await events.RecordAsync(Fact(WebhookEventKind.ChangesRequested, round.ToString(System.Globalization.CultureInfo.InvariantCulture), changed.To.ToString()), cancellationToken);
                break;
            case ApplicationStatus.Approved or ApplicationStatus.Rejected:
                await events.RecordAsync(Fact(WebhookEventKind.Decided, string.Empty, changed.To.ToString(), changed.Row.GetString(nameof(ApplicationRecord.CertificateNumber))), cancellationToken);
                break;
        }
    }
}
