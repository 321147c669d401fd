using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Serverless.Core.Applications;
using Serverless.LocalHost;
using Serverless.Platform.Storage;
using Serverless.Tests.Fixtures;

namespace Serverless.IntegrationTests;

/// <summary>
/// One local host for the end-to-end tests, exactly as <c>run-local.sh</c> starts it (real Kestrel, real Durable
/// Task worker and sidecar, Azure Storage backend on Azurite, e-mail to maildev), on a task hub of its own.
/// </summary>
public class LocalHostFixture : IAsyncLifetime
{
    public const string Reviewer = "agent.e2e@saint-exemple.example";
    /// <summary>A "day" of the procedures' delays lasts this long here: school enrolment reminds after 2 days = 8 s.</summary>
    public static readonly TimeSpan DayLength = TimeSpan.FromSeconds(4);

    /// <summary>A draft's day in the tests: a 30-day draft lasts 90 s (time to finish a form), the fixture's 8-day one 24 s.</summary>
    public static readonly TimeSpan DraftDayLength = TimeSpan.FromSeconds(3);

    public const string FranceConnectClientId = "citizen-eservices-local";

    private LocalHostApp? host;

    public Uri BaseAddress { get; private set; } = null!;

    public Mailbox Mailbox { get; } = new(TestEnvironment.MaildevUrl);

    public IServiceProvider Services => host!.Services;

    public StorageClients Storage => Services.Get<StorageClients>();

    public string TaskHubName { get; } = TestEnvironment.UniqueName("e2e");

    public async Task InitializeAsync()
    {
        var port = TestEnvironment.FreePort();
        var address = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = address,
            ["PublicBaseUrl"] = address,
            ["AzureWebJobsStorage"] = TestEnvironment.StorageConnectionString,
            ["TaskHubName"] = TaskHubName,
            ["DurableTask:ControlQueueVisibilityTimeout"] = "00:00:30",
            // Each test host has its own queue of webhook work, as it has its own task hub.
            ["Webhooks:QueueName"] = TaskHubName.ToLowerInvariant() + "-webhooks",
            ["Workflow:StartQueueName"] = TaskHubName.ToLowerInvariant() + "-starts",
            ["Smtp:DeliveryQueueName"] = TaskHubName.ToLowerInvariant() + "-emails",
            ["Catalogue:Path"] = FixtureCatalogue.CreateFolder(),
            ["CertificateSigning:Pfx"] = Convert.ToBase64String(Core.Tests.TestSigningCertificates.CreatePfx("Commune de Saint-Exemple", Core.Tests.TestSigningCertificates.Password)),
            ["CertificateSigning:PfxPassword"] = Core.Tests.TestSigningCertificates.Password,
            ["Review:ReviewerEmails"] = Reviewer,
            // The signatories' keys: a local certificate authority of this run only.
            ["Signatures:LocalDirectory"] = Path.Combine(Path.GetTempPath(), $"e2e-signatories-{Guid.NewGuid():N}"),
            ["Review:DayLength"] = DayLength.ToString(),
            ["Review:MaxReminders"] = "1",
            ["Review:LinkLifetime"] = "1.00:00:00",
            ["ReviewTokens:ActiveKeyId"] = "e2e",
            ["ReviewTokens:Keys:e2e"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()),
            ["CitizenAccess:Key"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()),
            ["Transparency:SigningKey"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()),
            ["PayFip:ServiceUrl"] = Payments.PayFipSimulator.ServiceUrl.AbsoluteUri,
            ["PayFip:PaymentPageUrl"] = Payments.PayFipSimulator.PaymentPageUrl.AbsoluteUri,
            ["PayFip:Mode"] = "Test",
            ["ApiParticulier:BaseUrl"] = TestEnvironment.ApiParticulierUrl.AbsoluteUri.TrimEnd('/'),
            ["ApiParticulier:Token"] = "local-api-particulier-token-not-for-production",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = TestEnvironment.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:FromAddress"] = "ne-pas-repondre@saint-exemple.example",
            ["Cors:AllowedOrigins"] = "https://widget.partner.example",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Workflow:RetryFirstDelay"] = "00:00:01",
            ["Workflow:RetryAttempts"] = "3",
            ["Workflow:IncidentFirstDelay"] = "00:00:02",
            ["Workflow:IncidentMaxDelay"] = "00:00:05",
            // The end-to-end tests post many applications from 127.0.0.1, and fill forms faster than a person.
            ["Abuse:SubmissionsPerAddressPerHour"] = "100000",
            ["Abuse:SubmissionsPerRecipientPerDay"] = "100000",
            ["Abuse:MinimumFillTime"] = "00:00:00",
            // Agents sign in many times here; the limits themselves are tested on SignInLimiter.
            ["BackOffice:SignInRequestsPerAddressPerHour"] = "100000",
            ["BackOffice:SignInRequestsPerClientPerHour"] = "100000",
            ["BackOffice:SignInAnswerTime"] = "00:00:00.2",
            // As if a settings file asked to trust App Service Authentication: the local host never does (ForcedSettings).
            ["BackOffice:TrustAppServiceAuthentication"] = "true",
            ["WEBSITE_AUTH_ENABLED"] = "True",
            ["Drafts:DayLength"] = DraftDayLength.ToString(),
            // Citizens sign in through the local FranceConnect provider (its default client).
            ["FranceConnect:Issuer"] = TestEnvironment.FranceConnectIssuer,
            ["FranceConnect:ClientId"] = FranceConnectClientId,
            ["FranceConnect:ClientSecret"] = "local-franceconnect-secret-not-for-production",
            // Every host on the test Azurite sweeps the one Drafts table: two sweeping at the same moment could both
            // find a reminder unsent and send it (in Azure the sweep is a timer, which runs on one instance at a time).
            // Only the shared host, whose DraftTests wait for reminders and deletions, sweeps often.
            ["Drafts:SweepInterval"] = GetType() == typeof(LocalHostFixture) ? "00:00:01" : "01:00:00",
            // Every host sweeps the one PaymentOperations table, asking its own PayFiP about every host's attempts: only
            // the payments hosts, whose tests wait for the sweep, sweep often (PaymentHostFixture.Adjust).
            ["Payments:SweepInterval"] = "01:00:00",
        };
        Adjust(settings);
        host = await LocalHostApp.StartAsync([], settings, Configure, CancellationToken.None);
        BaseAddress = new Uri(address);
    }

    /// <summary>A fixture of its own changes the settings here (before the host starts).</summary>
    protected virtual void Adjust(Dictionary<string, string?> settings)
    {
    }

    /// <summary>A fixture of its own changes the host's builder here (logging, say).</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        Mailbox.Dispose();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>A client that shows redirects instead of following them, as the tests assert on them.</summary>
    public HttpClient Client(string accept = "application/json")
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        return client;
    }
}

[CollectionDefinition(Name)]
public sealed class LocalHostGroup : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "local host";
}

internal static class ServiceProviderExtensions
{
    /// <summary>A service of the running local host, as the tests inspect its storage directly.</summary>
    public static T Get<T>(this IServiceProvider services)
        where T : notnull => (T)services.GetService(typeof(T))!;
}
