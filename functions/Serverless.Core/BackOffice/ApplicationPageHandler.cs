using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Addresses;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Serverless.Platform.Storage;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.BackOffice;

/// <summary>
/// <c>/api/agent/applications/{reference}</c>: shows an application to its commune's agents (<see cref="ApplicationPageView"/>)
/// and serves its attachments. Decisions, assignment and notes have their own handlers. Another commune's reference is
/// the same 404 as an unknown one.
/// </summary>
public sealed class ApplicationPageHandler(AgentAuthentication authentication, AgentApplications access, ApplicationPageView view, BlobFiles files)
{
    public async Task<IActionResult> ShowAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var agent = await authentication.CurrentAsync(request, cancellationToken);
        if (agent is null)
        {
            return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language));
        }

        var application = await access.OwnAsync(agent, reference, cancellationToken);
        return application is null ? access.NotFound(language, agent) : PageResults.Page(200, await view.RenderAsync(agent, application, language, null, cancellationToken));
    }

    public async Task<IActionResult> AttachmentAsync(HttpRequest request, string reference, string attachmentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var agent = await authentication.CurrentAsync(request, cancellationToken);
        var application = agent is null ? null : await access.OwnAsync(agent, reference, cancellationToken);
        var attachment = application?.Record.Attachments.FirstOrDefault(file => file.Id == attachmentId);
        if (attachment is null || await files.DownloadAsync(StorageNames.AttachmentsContainer, attachment.BlobName, cancellationToken) is not { } content)
        {
            return access.NotFound(language, agent);
        }

        return new BytesResult(attachment.ContentType, content, Path.GetFileName(attachment.BlobName))
            .WithHeader("X-Content-Type-Options", "nosniff")
            .WithHeader("Content-Security-Policy", "sandbox")
            .WithHeader("Cache-Control", "no-store");
    }
}
