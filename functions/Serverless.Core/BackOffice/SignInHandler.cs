using System.Net.Mail;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Edge;
using Serverless.Core.Outbox;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Core.Site;
using Serverless.Platform.Configuration;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;
using Results = Serverless.Platform.Http.Results;

namespace Serverless.Core.BackOffice;

/// <summary>
/// Signing in without a password. <c>POST /api/agent/sign-in</c> e-mails a one-time link to an agent the catalogue
/// lists, and answers the same page, no sooner than <see cref="BackOfficeOptions.SignInAnswerTime"/>, for any address.
/// <c>GET /api/agent/sign-in/{token}</c> only shows a button (mail scanners open links); its <c>POST</c> uses the link
/// up and starts the session. <c>POST /api/agent/sign-out</c> ends it.
/// </summary>
public sealed partial class SignInHandler(
    AgentDirectory directory,
    SignInLinks links,
    AgentSessions sessions,
    AgentAuthentication authentication,
    AntiForgery antiForgery,
    SignInLimiter limiter,
    EmailOutbox outbox,
    IOptions<PublicUrlOptions> urls,
    IOptions<BackOfficeOptions> options,
    TimeProvider clock,
    ILogger<SignInHandler> logger)
{
    /// <summary>The sign-in form (the back office's home when nobody is signed in).</summary>
    public IActionResult Form(HttpRequest request, string? notice = null, int status = 200)
    {
        var language = LanguageNegotiation.FromRequest(request);
        var (binding, setCookie) = AntiForgery.BrowserBinding(request);
        var body = (notice is null ? string.Empty : $"<p class=\"ok\" role=\"status\">{Html.E(notice)}</p>")
            + $"<p>{BackOfficeLayout.T(language, "Indiquez votre adresse électronique professionnelle : vous recevrez un lien de connexion, valable 15 minutes et utilisable une seule fois.", "Enter your work e-mail address: you will receive a sign-in link, valid for 15 minutes and usable once.")}</p>"
            + $"<form method=\"post\" action=\"{BackOfficeLayout.Home}/sign-in{BackOfficeLayout.Lang(language)}\">"
            + BackOfficeLayout.Hidden(AntiForgery.Field, antiForgery.TokenFor(binding))
            + $"<label for=\"email\">{BackOfficeLayout.T(language, "Adresse électronique", "E-mail address")}</label>"
            + "<input type=\"email\" id=\"email\" name=\"email\" autocomplete=\"email\" required maxlength=\"254\">"
            + $"<button type=\"submit\">{BackOfficeLayout.T(language, "Recevoir un lien de connexion", "Send me a sign-in link")}</button></form>";
        var result = PageResults.Page(status, BackOfficeLayout.Page(BackOfficeLayout.T(language, "Connexion à l'espace agents", "Sign in to the agents' area"), body, language, BackOfficeLayout.IdentityOf(null), null));
        return setCookie is null ? result : result.WithHeader("Set-Cookie", setCookie);
    }

    public async Task<IActionResult> RequestLinkAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        if (form is null || AntiForgery.ExistingBrowserBinding(request) is not { } binding || !antiForgery.Matches(binding, form[AntiForgery.Field].ToString()))
        {
            return Forged(language);
        }

        using var clientLease = limiter.AcquireClient(request.HttpContext);
        if (!clientLease.IsAcquired)
        {
            return AbuseRefusal.For(request, clientLease);
        }

        var email = form["email"].ToString().Trim().ToLowerInvariant();
        var communes = new List<CommuneDefinition>();
        if (MailAddress.TryCreate(email, out var parsed) && parsed.Address == email && !email.Contains('|', StringComparison.Ordinal))
        {
            using var addressLease = limiter.AcquireAddress(email);
            if (addressLease.IsAcquired)
            {
                communes.AddRange(directory.CommunesOf(email));
            }
        }

        // The same answer, at the same pace, for an agent, a stranger, or an address over its limit: the links are
        // sent off the request path, so the relay's pace never shows in the answer's.
        await FixedPace.RunAsync(
            async () =>
            {
                foreach (var commune in communes)
                {
                    await SendLinkAsync(email, commune, CancellationToken.None);
                }
            },
            options.Value.SignInAnswerTime,
            clock,
            cancellationToken);

        return Form(request, BackOfficeLayout.T(
            language,
            "Si cette adresse est celle d'un agent, un lien de connexion vient de lui être envoyé. Il est valable 15 minutes.",
            "If this address is an agent's, a sign-in link has just been sent to it. It is valid for 15 minutes."));
    }

    /// <summary>The link's page: a button, nothing else (a GET never signs in).</summary>
    public async Task<IActionResult> ShowLinkAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        if (await RefusalAsync(token, language, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var (binding, setCookie) = AntiForgery.BrowserBinding(request);
        var body = $"<p>{BackOfficeLayout.T(language, "Ce lien vous connecte à l'espace agents pour 8 heures. Il ne sert qu'une fois.", "This link signs you in to the agents' area for 8 hours. It works once.")}</p>"
            + $"<form method=\"post\" action=\"{BackOfficeLayout.Home}/sign-in/{Uri.EscapeDataString(token)}{BackOfficeLayout.Lang(language)}\">"
            + BackOfficeLayout.Hidden(AntiForgery.Field, antiForgery.TokenFor(binding))
            + $"<button type=\"submit\">{BackOfficeLayout.T(language, "Se connecter", "Sign in")}</button></form>";
        var result = PageResults.Page(200, BackOfficeLayout.Page(BackOfficeLayout.T(language, "Connexion à l'espace agents", "Sign in to the agents' area"), body, language, BackOfficeLayout.IdentityOf(null), null));
        return setCookie is null ? result : result.WithHeader("Set-Cookie", setCookie);
    }

    public async Task<IActionResult> SignInAsync(HttpRequest request, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        if (form is null || AntiForgery.ExistingBrowserBinding(request) is not { } binding || !antiForgery.Matches(binding, form[AntiForgery.Field].ToString()))
        {
            return Forged(language);
        }

        if (await RefusalAsync(token, language, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var grant = links.Check(token)!;
        if (!await links.TryConsumeAsync(grant, cancellationToken))
        {
            return Used(language);
        }

        var session = await sessions.StartAsync(grant.Email, grant.CommuneId, cancellationToken);
        LogSignedIn(grant.CommuneId);
        return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language)).WithHeader("Set-Cookie", sessions.SetCookie(request, session));
    }

    public async Task<IActionResult> SignOutAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var language = LanguageNegotiation.FromRequest(request);
        var form = request.HasFormContentType ? await request.ReadFormAsync(cancellationToken) : null;
        var session = await authentication.SessionAsync(request, cancellationToken);
        if (form is null || session is null)
        {
            return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language)).WithHeader("Set-Cookie", AgentSessions.ClearCookie(request));
        }

        var (agent, forged) = await authentication.ForPostAsync(request, form, cancellationToken);
        if (forged || agent is null)
        {
            return Forged(language);
        }

        await sessions.EndAsync(session, cancellationToken);
        return Results.SeeOther(BackOfficeLayout.Home + BackOfficeLayout.Lang(language)).WithHeader("Set-Cookie", AgentSessions.ClearCookie(request));
    }

    /// <summary>The page of a form posted without its anti-forgery token (another site's form, or a stale page).</summary>
    public static WrittenResult Forged(Language language) =>
        PageResults.Page(403, BackOfficeLayout.Message(
            BackOfficeLayout.T(language, "Formulaire refusé", "Form refused"),
            BackOfficeLayout.T(language, "Ce formulaire n'a pas été envoyé depuis l'espace agents (jeton de sécurité absent ou périmé). Rechargez la page et recommencez.", "This form was not sent from the agents' area (security token missing or stale). Reload the page and try again."),
            "error",
            language,
            BackOfficeLayout.IdentityOf(null),
            null));

    private async Task SendLinkAsync(string email, CommuneDefinition commune, CancellationToken cancellationToken)
    {
        var (token, grant) = links.Issue(email, commune.Id);
        var url = urls.Value.Api($"agent/sign-in/{Uri.EscapeDataString(token)}");
        var message = new EmailLayout()
            .Paragraph("Bonjour,")
            .Paragraph($"Voici votre lien de connexion à l'espace agents de {commune.Name}. Il est valable 15 minutes et ne sert qu'une fois.")
            .Button("Se connecter à l'espace agents", url)
            .Paragraph("Si vous n'avez rien demandé, ignorez ce message : personne ne peut se connecter sans ce lien.")
            .Paragraph("Your sign-in link to the agents' area: valid for 15 minutes, usable once. If you did not ask for it, ignore this message.")
            .Build(email, $"Connexion à l'espace agents – {commune.Name}", commune);
        try
        {
            // The outbox's row for this link (its nonce): a retry of the same link never sends it twice.
            await outbox.SendOnceAsync($"sign-in|{commune.Id}", $"sign-in-{grant.Nonce}", message, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The answer must not tell an agent's address from another: the failure is logged, the page is the same.
            LogSendFailed(exception, commune.Id);
        }
    }

    private async Task<WrittenResult?> RefusalAsync(string token, Language language, CancellationToken cancellationToken)
    {
        var grant = links.Check(token);
        if (grant is null || !directory.IsAgentOf(grant.Email, grant.CommuneId))
        {
            return PageResults.Page(410, BackOfficeLayout.Message(
                BackOfficeLayout.T(language, "Lien non valide ou expiré", "Invalid or expired link"),
                BackOfficeLayout.T(language, "Ce lien de connexion n'est pas valide ou a expiré (15 minutes). Demandez-en un nouveau.", "This sign-in link is invalid or expired (15 minutes). Ask for a new one."),
                "error",
                language,
                BackOfficeLayout.IdentityOf(null),
                null));
        }

        return await links.IsConsumedAsync(grant, cancellationToken) ? Used(language) : null;
    }

    private static WrittenResult Used(Language language) =>
        PageResults.Page(409, BackOfficeLayout.Message(
            BackOfficeLayout.T(language, "Lien déjà utilisé", "Link already used"),
            BackOfficeLayout.T(language, "Ce lien de connexion a déjà servi : il ne fonctionne qu'une fois. Demandez-en un nouveau.", "This sign-in link was already used: it works once. Ask for a new one."),
            "notice",
            language,
            BackOfficeLayout.IdentityOf(null),
            null));

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent signed in to the back office of {CommuneId}")]
    private partial void LogSignedIn(string communeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in link for an agent of {CommuneId} could not be sent")]
    private partial void LogSendFailed(Exception exception, string communeId);
}
