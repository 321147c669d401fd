using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Site;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.Tracking;

/// <summary><c>GET /api/applications/{reference}?access=…</c>: status and history, as JSON or as a page.</summary>
public sealed class ApplicationStatusHandler(
    CitizenApplicationAccess access,
    AuditTrail audit,
    CitizenAccessCodes accessCodes,
    Retention.RetentionIndex retention,
    IOptions<PublicUrlOptions> urls)
{
    public async Task<IActionResult> HandleAsync(HttpRequest request, string procedureId, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var application = await access.FindAsync(request, procedureId, reference, cancellationToken);
        if (application is null)
        {
            return CitizenApplicationAccess.NotFound(request);
        }

        var language = LanguageNegotiation.FromRequest(request);
        var view = await BuildViewAsync(application, language, cancellationToken);
        return Results.WantsHtml(request)
            ? PageResults.Page(200, StatusPage.Render(view, request.Query.ContainsKey("received"), language, PageIdentity.Of(application.Commune), PageLinks.OtherLanguage(request, language)))
            : Results.JsonBody(200, view);
    }

    private async Task<StatusView> BuildViewAsync(LoadedApplication application, Language language, CancellationToken cancellationToken)
    {
        var record = application.Record;
        var history = await audit.ReadAsync(application.Reference, cancellationToken);
        var code = accessCodes.For(application.Reference, record.AccessKeyId);
        var certificate = record.CertificateNumber is { } number && record.CertificateSha256 is { } sha256
            ? new CertificateView(number, urls.Value.Api(Routes.CertificatePath(application.Procedure.Id, application.Reference, code)), urls.Value.Api(Routes.VerifyPath(number)), sha256)
            : null;
        var status = record.StatusValue;
        var pending = status.IsPending();
        var withdrawalRequested = record.AwaitsWithdrawal;
        var final = status.IsFinal() && record.ErasedAt is null;
        var erasureRequest = final ? await retention.FindRequestAsync(application.Reference, cancellationToken) : null;
        var schedule = final ? await retention.FindScheduleAsync(application.Reference, cancellationToken) : null;
        var changeRequest = status == ApplicationStatus.ChangesRequested
            ? new ChangeRequestView(
                record.ChangeMessage ?? string.Empty,
                (record.ChangeFields ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
                record.AnswerDueAt,
                urls.Value.Api(Routes.CorrectionPath(application.Procedure.Id, application.Reference, code)))
            : null;
        return new StatusView(
            application.Reference,
            application.Procedure.Id,
            application.Procedure.Title.In(language),
            record.Status,
            status.Label().In(language),
            record.SubmittedAt,
            record.DecisionReason,
            certificate,
            [.. history.Select(entry => new HistoryView(entry.Action.ToString(), entry.Action.Label().In(language), entry.At, PublicActor(entry.Actor)))])
        {
            DecisionDueAt = pending && !record.DeadlineSuspended ? application.DecisionDueAt : null,
            DeadlineSuspended = pending && record.DeadlineSuspended,
            ChangeRequest = changeRequest,
            // Relative: the page posts to its own origin (the Content-Security-Policy allows no other).
            WithdrawUrl = pending && !withdrawalRequested ? "/api/" + Routes.WithdrawalPath(application.Procedure.Id, application.Reference, code) : null,
            WithdrawalRequested = withdrawalRequested,
            ArchiveUrl = urls.Value.Api(Routes.ArchivePath(application.Procedure.Id, application.Reference, code)),
            ErasedAt = record.ErasedAt,
            ErasureReason = record.ErasureReason,
            RetainedUntil = schedule?.EraseAt,
            ErasureRequestedAt = erasureRequest?.RequestedAt,
            ErasureUrl = final && erasureRequest is null ? "/api/" + Routes.ErasureRequestPath(application.Procedure.Id, application.Reference, code) : null,
            Submitted = [.. Submission.ApplicationSummary.Lines(application.Procedure, application.Values, language).Select(line => new SubmittedView(line.Label, line.Value))],
            Attachments = [.. record.Attachments.Select(stored => new AttachmentView(stored.FieldName, application.Procedure.Field(stored.FieldName)?.Label.In(language) ?? stored.FieldName, stored.OriginalName, stored.ContentType, stored.Size))],
            ReceiptUrl = urls.Value.Api(Routes.ReceiptPath(application.Procedure.Id, application.Reference, code)) + "&lang=" + language.Code(),
            ReceiptPdfUrl = urls.Value.Api(Routes.ReceiptPdfPath(application.Procedure.Id, application.Reference, code)) + "&lang=" + language.Code(),
            Incident = IncidentView.Of(record),
            DecisionStep = status == ApplicationStatus.AwaitingSignature && record.DecisionStep is { } step && application.Procedure.SignatureCircuit is { } circuit
                ? Circuits.CircuitPlans.CitizenLabel(circuit, step, language == Language.French)
                : null,
            // Relative, as the withdrawal: the page posts to its own origin.
            PaymentUrl = application.Procedure.Payment is not null && record.ErasedAt is null
                ? "/api/" + Routes.PaymentPath(application.Procedure.Id, application.Reference, code)
                : null,
            SignedDecisionUrl = record.DecisionDocument is not null && record.ErasedAt is null
                ? urls.Value.Api(Routes.DecisionDownloadPath(application.Procedure.Id, application.Reference, code))
                : null,
        };
    }

    /// <summary>Citizens see the role that acted, not the agent's personal address (the audit table keeps it).</summary>
    private static string PublicActor(string actor) => actor.Split(':')[0];
}
