using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Core.Applications;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.BackOffice;

/// <summary>
/// Which application an agent may open: their commune's, of a procedure their role covers; anything else is the same
/// 404 as an unknown reference. Also reads a back-office form with the session's anti-forgery check.
/// </summary>
public sealed class AgentApplications(AgentAuthentication authentication, AgentDirectory directory, ApplicationLoader loader)
{
    /// <summary>
    /// The application if it belongs to the agent's commune and to a procedure their role covers; null otherwise (the
    /// caller answers 404 either way: an agent learns nothing about applications they have no need to know).
    /// </summary>
    public async Task<LoadedApplication?> OwnAsync(SignedInAgent agent, string reference, CancellationToken cancellationToken)
    {
        // A malformed reference is never looked up (nor sent to storage as a key).
        if (!ApplicationReference.IsWellFormed(reference))
        {
            return null;
        }

        var application = await loader.FindAsync(reference, cancellationToken);
        return application is not null && application.Commune.Id == agent.CommuneId && agent.Access.Covers(application.Procedure.Id) ? application : null;
    }

    public async Task<(SignedInAgent? Agent, LoadedApplication? Application, Language Language, IFormCollection? Form, IActionResult? Refusal)> OpenForPostAsync(HttpRequest request, string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        var (agent, forged) = await authentication.ForPostAsync(request, form, cancellationToken);
        if (forged)
        {
            return (null, null, language, null, SignInHandler.Forged(language));
        }

        if (agent is null)
        {
            return (null, null, language, null, Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language)));
        }

        var application = await OwnAsync(agent, reference, cancellationToken);
        return application is null ? (agent, null, language, null, NotFound(language, agent)) : (agent, application, language, form, null);
    }

    public WrittenResult NotFound(Language language, SignedInAgent? agent) =>
        PageResults.Page(404, BackOfficeLayout.Message(
            BackOfficeLayout.T(language, "Demande introuvable", "Application not found"),
            BackOfficeLayout.T(language, "Aucune demande de votre commune ne porte cette référence.", "No application of your commune has this reference."),
            "error",
            language,
            BackOfficeLayout.IdentityOf(directory.CommuneOf(agent)),
            agent));
}
