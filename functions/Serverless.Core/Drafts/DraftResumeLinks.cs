using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Core.Outbox;
using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Drafts;

/// <summary>
/// « Enregistrer et reprendre plus tard »: the draft's resume link e-mailed to an address typed by anyone, so checked as
/// the procedure's contact field is, bounded, kept on the draft and sent once per address (the outbox's key is the
/// draft's).
/// </summary>
public sealed class DraftResumeLinks(
    SubmissionValidator validator,
    DraftStore drafts,
    EmailOutbox outbox,
    Edge.MailQuota mailQuota,
    IOptions<PublicUrlOptions> urls)
{
    public const string ResumeStep = "draft-resume-link";

    /// <summary>From the save page (HTML): the page saying where the link went, or the page again with the problem.</summary>
    public async Task<IActionResult> SendFromPageAsync(HttpRequest request, ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, string token, string email, Language language, CancellationToken cancellationToken)
    {
        var (address, problem) = CheckAddress(procedure, commune, email);
        if (address is null)
        {
            return PageResults.Page(400, SaveDraftPage.Render(procedure, commune, draft, token, email, problem ?? new FieldError("email", ValidationMessages.Required), language));
        }

        if (CheckLink(request, commune, draft, address) is { } refused)
        {
            return refused;
        }

        if (!await SendAsync(procedure, commune, draft, token, address, language, cancellationToken))
        {
            return DraftStepPages.ChangedMeanwhile(commune, language);
        }

        return PageResults.Page(200, SaveDraftPage.Sent(procedure, commune, draft, token, address, language));
    }

    /// <summary>The address as the procedure's contact field takes it (same rule, same message); null with the problem when it does not.</summary>
    public (string? Address, FieldError? Problem) CheckAddress(ProcedureDefinition procedure, CommuneDefinition commune, string email)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(commune);
        var check = validator.Validate(procedure, new RawSubmission(new Dictionary<string, string> { [procedure.ContactEmailField] = email }, []), commune.PostalCodes);
        var problem = check.Errors.FirstOrDefault(error => error.Field == procedure.ContactEmailField);
        return problem is null && check.Values.TryGetValue(procedure.ContactEmailField, out var address) ? (address, null) : (null, problem);
    }

    /// <summary>
    /// The resume link is an e-mail to an address typed by anyone: bounded per draft (different addresses), per client
    /// and per recipient, in buckets of their own (never the recipient's own submissions'). Null when it may go.
    /// </summary>
    public WrittenResult? CheckLink(HttpRequest request, CommuneDefinition commune, DraftRecord draft, string address)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            if (!DraftLinkRecipients.Allows(draft, address, mailQuota.RecipientsPerDraft))
            {
                throw Edge.MailQuota.TooManyRecipients(mailQuota.RecipientsPerDraft);
            }

            mailQuota.CheckLink(request.HttpContext, commune, address);
            return null;
        }
        catch (Edge.RequestRefusedException refusal)
        {
            return Edge.RefusalResults.For(request, refusal);
        }
    }

    /// <summary>
    /// Keeps the address on the draft and e-mails its resume link once (the outbox's key is the draft's). False, and
    /// nothing sent, when the draft changed meanwhile: two calls racing cannot both pass the per-draft bound.
    /// </summary>
    public async Task<bool> SendAsync(ProcedureDefinition procedure, CommuneDefinition commune, DraftRecord draft, string token, string address, Language language, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(draft);
        draft.Email = address;
        DraftLinkRecipients.Add(draft, address);
        if (!await drafts.TryReplaceAsync(draft, cancellationToken))
        {
            return false;
        }

        var url = urls.Value.Api(DraftRoutes.DraftPath(procedure.Id, token));
        await outbox.SendOnceAsync(DraftRoutes.OutboxKey(draft.DraftId), ResumeStep, DraftEmails.ResumeLink(procedure, commune, language, address, url, draft.ExpiresAt), cancellationToken);
        return true;
    }
}
