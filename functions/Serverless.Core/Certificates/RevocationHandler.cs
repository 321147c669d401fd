using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Addresses;
using Serverless.Core.Applications;
using Serverless.Core.Outbox;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Tokens;
using Serverless.Core.Webhooks;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Certificates;

/// <summary>
/// <c>GET /api/revoke/{token}</c> shows the confirmation page and changes nothing;
/// <c>POST /api/revoke/{token}</c> (form field <c>reason</c>) revokes the certificate once, writes the audit trail
/// and e-mails the holder. Every later use of any revocation link of that certificate says it is already revoked.
/// </summary>
public sealed partial class RevocationHandler(
    RevocationTokens tokens,
    CertificateRegistry registry,
    ApplicationLoader loader,
    ProcedureCatalog catalog,
    AuditTrail audit,
    EmailOutbox outbox,
    WebhookEvents webhooks,
    IOptions<PublicUrlOptions> urls,
    LinkHolders holders,
    TimeProvider clock,
    ILogger<RevocationHandler> logger)
{
    public async Task<IActionResult> ShowAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        var (grant, certificate, refusal) = await CheckAsync(token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        return certificate!.Revocation is { } earlier
            ? AlreadyRevoked(certificate.Number, earlier)
            : PageResults.Page(200, RevocationPage.Render(certificate, ProcedureTitle(certificate), grant!.Reviewer, Routes.RevokePath(token), null, CommuneName(certificate)));
    }

    public async Task<IActionResult> RevokeAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (grant, certificate, refusal) = await CheckAsync(token, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (certificate!.Revocation is { } previous)
        {
            await FinishAsync(certificate, previous, cancellationToken);
            return AlreadyRevoked(certificate.Number, previous);
        }

        var reason = request.HasFormContentType
            ? SubmissionValidator.Normalise((await request.ReadFormAsync(cancellationToken))["reason"].ToString())
            : string.Empty;
        var error = reason.Length == 0 ? "Indiquez le motif de la révocation : il est affiché sur la page de vérification et envoyé au titulaire."
            : reason.Length > RevocationPage.MaxReasonLength ? $"Le motif ne doit pas dépasser {RevocationPage.MaxReasonLength} caractères."
            : null;
        if (error is not null)
        {
            return PageResults.Page(400, RevocationPage.Render(certificate, ProcedureTitle(certificate), grant!.Reviewer, Routes.RevokePath(token), error, CommuneName(certificate)));
        }

        var revocation = new CertificateRevocation(clock.GetUtcNow(), grant!.Reviewer, reason, CitizenNotified: false);
        if (await registry.TryRevokeAsync(certificate.Number, revocation, cancellationToken) is { } earlier)
        {
            await FinishAsync(certificate, earlier, cancellationToken);
            return AlreadyRevoked(certificate.Number, earlier);
        }

        await FinishAsync(certificate, revocation, cancellationToken);
        LogRevoked(certificate.Number, certificate.Reference, grant.Reviewer);
        return Page(
            200,
            "Attestation révoquée",
            $"L'attestation {certificate.Number} est révoquée. La page de vérification l'indique désormais, avec la date et le motif ; le titulaire en est informé par courriel.",
            "ok");
    }

    /// <summary>
    /// What follows a revocation: the audit row (keyed, so written once) and the holder's e-mail (until marked sent).
    /// A revocation stored by a request that failed half-way is completed by the next use of a link.
    /// </summary>
    private async Task FinishAsync(RegisteredCertificate certificate, CertificateRevocation revocation, CancellationToken cancellationToken)
    {
        if (revocation.CitizenNotified)
        {
            return;
        }

        await audit.RecordAsync(
            certificate.Reference,
            AuditSteps.Revoked(certificate.Number),
            new AuditEntry(AuditAction.CertificateRevoked, revocation.RevokedAt, AuditActors.Agent(revocation.RevokedBy), $"{certificate.Number} : {revocation.Reason}"),
            cancellationToken);
        var application = await loader.FindAsync(certificate.Reference, cancellationToken);
        if (application is not null)
        {
            await webhooks.RecordAsync(
                new WebhookFact(application.Commune.Id, certificate.ProcedureId, certificate.Reference, WebhookEventKind.CertificateRevoked, certificate.Number, application.Record.Status, certificate.Number, revocation.RevokedAt),
                cancellationToken);
        }

        if (application is not null && application.Record.CitizenEmail.Length > 0)
        {
            await outbox.SendOnceAsync(
                certificate.Reference,
                OutboxSteps.Revoked(certificate.Number),
                CertificateEmails.RevokedToCitizen(application, certificate.Number, revocation.Reason, revocation.RevokedAt, urls.Value.Api(Routes.VerifyPath(certificate.Number))),
                cancellationToken);
        }

        await registry.MarkRevocationNotifiedAsync(certificate.Number, cancellationToken);
    }

    private async Task<(RevocationGrant? Grant, RegisteredCertificate? Certificate, IActionResult? Refusal)> CheckAsync(string token, CancellationToken cancellationToken)
    {
        var check = tokens.Check(token);
        switch (check.Problem)
        {
            case TokenProblem.Malformed or TokenProblem.BadSignature or TokenProblem.UnknownKey:
                LogRefused(check.Problem);
                return (null, null, Page(403, "Lien non valide", "Ce lien de révocation n'est pas valide : il a pu être modifié ou mal copié. Utilisez le lien reçu par courriel.", "error"));
            case TokenProblem.Expired:
                var expired = await registry.FindAsync(check.Grant!.Number, cancellationToken);
                return (null, null, expired?.Revocation is { } done
                    ? AlreadyRevoked(expired.Number, done)
                    : Page(410, "Lien expiré", $"Ce lien de révocation a expiré le {ApplicationSummary.DateTime(check.Grant.ExpiresAt, Language.French)}. Pour révoquer l'attestation {check.Grant.Number}, adressez-vous à l'administrateur du service.", "error"));
        }

        var certificate = await registry.FindAsync(check.Grant!.Number, cancellationToken);
        if (certificate is null || !string.Equals(certificate.Reference, check.Grant.Reference, StringComparison.Ordinal))
        {
            return (null, null, Page(404, "Attestation introuvable", $"Aucune attestation {check.Grant.Number} n'est enregistrée pour la demande {check.Grant.Reference}.", "error"));
        }

        if (!holders.InCharge(check.Grant.Reviewer, CommuneOf(certificate), certificate.ProcedureId))
        {
            LogNoLongerInCharge(certificate.Number);
            return (null, null, Page(403, "Lien révoqué", "Votre adresse n'est plus chargée de cette démarche dans le catalogue de la commune : ce lien ne peut plus servir.", "error"));
        }

        return (check.Grant, certificate, null);
    }

    private string CommuneOf(RegisteredCertificate certificate) => catalog.Find(certificate.ProcedureId)?.CommuneId ?? string.Empty;

    private string ProcedureTitle(RegisteredCertificate certificate) =>
        catalog.Find(certificate.ProcedureId)?.Certificate.Title.Fr ?? certificate.ProcedureId;

    private static WrittenResult AlreadyRevoked(string number, CertificateRevocation revocation) =>
        Page(409, "Déjà révoquée", $"L'attestation {number} a déjà été révoquée le {ApplicationSummary.DateTime(revocation.RevokedAt, Language.French)} par {revocation.RevokedBy}. Motif : {revocation.Reason}. Ce lien ne peut plus servir.", "notice");

    private string CommuneName(RegisteredCertificate certificate) =>
        catalog.Find(certificate.ProcedureId) is { } procedure ? catalog.CommuneOf(procedure).Name : Html.PlatformName;

    private static WrittenResult Page(int status, string title, string message, string cssClass) =>
        PageResults.Page(status, Html.Message(title, message, cssClass, Language.French, Html.PlatformName));

    [LoggerMessage(Level = LogLevel.Information, Message = "Certificate {Number} of {Reference} revoked by {Reviewer}")]
    private partial void LogRevoked(string number, string reference, string reviewer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Certificate {Reference}: a revocation link of an agent no longer in charge of its procedure was refused")]
    private partial void LogNoLongerInCharge(string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Revocation link refused: {Problem}")]
    private partial void LogRefused(TokenProblem problem);
}
