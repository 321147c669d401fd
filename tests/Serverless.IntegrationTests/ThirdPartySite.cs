using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Serverless.IntegrationTests;

/// <summary>
/// A commune's own web site on another origin (another site, too: <c>localhost</c> against the app's
/// <c>127.0.0.1</c>), as hostile as a CMS can be: a stylesheet that unsets everything and hides every form, and a
/// Content-Security-Policy that lets scripts and connections come from the app's origin only (and no inline style).
/// </summary>
public sealed class ThirdPartySite : IAsyncDisposable
{
    public const string HostileStylesheet = "* { all: unset } form { display: none } citizen-form { display: none; color: #f00; font-size: 4px }";

    private readonly WebApplication app;

    private ThirdPartySite(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public string Origin => Address.GetLeftPart(UriPartial.Authority);

    public static async Task<ThirdPartySite> StartAsync(int port, Uri appAddress, string repositoryRoot)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://localhost:{port}");
        var web = builder.Build();
        var appOrigin = appAddress.GetLeftPart(UriPartial.Authority);
        var snippet = await File.ReadAllTextAsync(Path.Combine(repositoryRoot, "widget", "src", "resize-snippet.js"));

        web.MapGet("/", context => Page(context, appOrigin, $"""
            <h1>Mairie de Saint-Exemple — vos démarches</h1>
            <h2 id="host-heading">Actualités de la commune</h2>
            <p>Le marché de Noël ouvre samedi.</p>
            <citizen-form procedure="school-enrolment" lang="fr"></citizen-form>
            <h2>Médiathèque</h2>
            <script src="{appOrigin}/api/embed.js" data-procedure="library-membership" data-lang="en" async></script>
            <script src="{appOrigin}/api/embed.js" async></script>
            """));
        // A plain form is the commune's own markup: its own page does not hide it (the hostile sheet would).
        web.MapGet("/sans-javascript", context => Page(context, appOrigin, NoScriptForm(appOrigin), hostile: false));
        // The frame's page is an ordinary CMS page: `* { all: unset }` would also unset the frame's height attribute.
        web.MapGet("/cadre", context => Page(context, appOrigin, hostile: false, body: $"""
            <h1>Inscription scolaire</h1>
            <iframe src="{appOrigin}/api/procedures/school-enrolment/embed" title="Formulaire d'inscription scolaire (Commune de Saint-Exemple)" data-citizen-form-frame height="300" width="100%"></iframe>
            <script src="/resize.js"></script>
            """));
        web.MapGet("/hostile.css", context => Write(context, "text/css", HostileStylesheet));
        web.MapGet("/resize.js", context => Write(context, "text/javascript", snippet));
        await web.StartAsync();
        return new ThirdPartySite(web, new Uri($"http://localhost:{port}/"));
    }

    /// <summary>A plain HTML form a commune would paste in its page, posting to the app from its own origin.</summary>
    private static string NoScriptForm(string appOrigin)
    {
        var inputs = string.Join('\n', ApplicationClient.Fields("placeholder@example.org").Keys.Select(name =>
            $"<label for=\"{name}\">{name}</label><input id=\"{name}\" name=\"{name}\">"));
        return $"""
            <form method="post" enctype="multipart/form-data" action="{appOrigin}/api/procedures/school-enrolment/applications">
            {inputs}
            <label for="proofOfAddress">Justificatif</label><input type="file" id="proofOfAddress" name="proofOfAddress">
            <button type="submit">Envoyer</button>
            </form>
            """;
    }

    private static Task Page(HttpContext context, string appOrigin, string body, bool hostile = true)
    {
        context.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self' {appOrigin}; connect-src {appOrigin}; style-src 'self'; frame-src {appOrigin}; form-action {appOrigin}; base-uri 'none'";
        return Write(context, "text/html", $"""
            <!doctype html>
            <html lang="fr">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Saint-Exemple</title>{(hostile ? "<link rel=\"stylesheet\" href=\"/hostile.css\">" : string.Empty)}</head>
            <body>
            <main>
            {body}
            </main>
            </body>
            </html>
            """);
    }

    private static Task Write(HttpContext context, string contentType, string body)
    {
        context.Response.StatusCode = (int)HttpStatusCode.OK;
        context.Response.ContentType = contentType + "; charset=utf-8";
        return context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// <summary>The local host with the third-party site among its allowed origins (CORS and frame-ancestors).</summary>
public sealed class WidgetHostFixture : LocalHostFixture, IAsyncLifetime
{
    private readonly int sitePort = TestEnvironment.FreePort();

    public ThirdPartySite Site { get; private set; } = null!;

    public static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Serverless.sln")))
            {
                folder = folder.Parent;
            }

            return folder?.FullName ?? throw new InvalidOperationException("Serverless.sln not found above the test's folder.");
        }
    }

    /// <summary>Where the screenshots and axe figures are kept (artifacts/widget, not committed).</summary>
    public static string Artifacts
    {
        get
        {
            var folder = Path.Combine(RepositoryRoot, "artifacts", "widget");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Cors:AllowedOrigins"] = $"https://widget.partner.example,http://localhost:{sitePort}";
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Site = await ThirdPartySite.StartAsync(sitePort, BaseAddress, RepositoryRoot);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Site is not null)
        {
            await Site.DisposeAsync();
        }

        await DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WidgetHostGroup : ICollectionFixture<WidgetHostFixture>
{
    public const string Name = "widget host";
}
