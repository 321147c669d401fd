using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Serverless.Core;
using Serverless.Core.Edge;
using Serverless.Platform.Telemetry;

namespace Serverless.LocalHost;

/// <summary>The running local host: the web app on <see cref="BaseAddress"/> and its Durable Task sidecar.</summary>
public sealed class LocalHostApp : IAsyncDisposable
{
    public const string DefaultUrl = "http://localhost:7071";

    /// <summary>Settings the local host imposes whatever its sources say (see decisions/0001-local-host.md).</summary>
    public static IReadOnlyDictionary<string, string?> ForcedSettings { get; } = new Dictionary<string, string?>
    {
        ["BackOffice:TrustAppServiceAuthentication"] = "false",
    };

    private readonly WebApplication app;
    private readonly DurableSidecar sidecar;
    private readonly GrpcChannel channel;

    private LocalHostApp(WebApplication app, DurableSidecar sidecar, GrpcChannel channel, StartupTimes startupTimes)
    {
        this.app = app;
        this.sidecar = sidecar;
        this.channel = channel;
        StartupTimes = startupTimes;
    }

    /// <summary>How long each phase of the start took: the banner prints it, so a slow start says where it went.</summary>
    public StartupTimes StartupTimes { get; }

    public Uri BaseAddress =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public IServiceProvider Services => app.Services;

    /// <param name="args">Command-line arguments: <c>--settings path/to/local.settings.json</c>, <c>--urls</c>, or any setting.</param>
    /// <param name="overrides">Settings that win over every other source (tests use them).</param>
    public static Task<LocalHostApp> StartAsync(string[] args, IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken cancellationToken = default) =>
        StartAsync(args, overrides, configure: null, cancellationToken);

    /// <param name="args">Command-line arguments, as above.</param>
    /// <param name="overrides">Settings that win over every other source.</param>
    /// <param name="configure">Last changes to the builder (tests capture the logs with it).</param>
    /// <param name="cancellationToken">Stops the start-up.</param>
    public static async Task<LocalHostApp> StartAsync(string[] args, IReadOnlyDictionary<string, string?>? overrides, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settingsFile = LocalSettingsFile.Locate(args, Directory.GetCurrentDirectory());
        if (settingsFile is not null)
        {
            // Lowest precedence: environment variables and arguments still override the file, as with func start.
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = LocalSettingsFile.Read(settingsFile) });
        }

        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        // Last, over every source: the local host never has App Service Authentication in front of it, so it never
        // believes the X-MS-CLIENT-PRINCIPAL headers, whatever a settings file says.
        builder.Configuration.AddInMemoryCollection(ForcedSettings);

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        ConsoleOutput.Configure(builder.Logging);
        if (settingsFile is null)
        {
            // No settings file: what `dotnet run` on a fresh clone gets. A given file is taken as it is (and checked).
            ConsoleOutput.Say(EmbeddedDefaults.Apply(builder.Configuration));
        }

        var phase = System.Diagnostics.Stopwatch.StartNew();
        await StorageReachability.EnsureAsync(builder.Configuration[Serverless.Platform.Storage.StorageClients.ConnectionName], cancellationToken);
        var storageReached = phase.Elapsed;
        phase.Restart();
        // Only a measurement asks for them (the call-count test): the product's clients and the engine's, counted apart.
        var counters = builder.Configuration.GetValue<bool>(Serverless.Platform.Storage.StorageCallCounter.Setting) ? new Serverless.Platform.Storage.StorageCallCounters() : null;
        var sidecar = await DurableSidecar.StartAsync(builder.Configuration, cancellationToken, counters?.Engine);
        var taskHubReady = phase.Elapsed;
        phase.Restart();
        var channel = GrpcChannel.ForAddress(sidecar.Address);

        if (counters is not null)
        {
            builder.Services.AddSingleton(counters);
        }

        builder.Services.AddCitizenTelemetry(builder.Configuration, SecretRedaction.ForTelemetry);
        builder.Services.AddCitizenServices(builder.Configuration);
        builder.Services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            worker.AddTasks(WorkflowRegistration.Register);
        });
        builder.Services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(channel);
            client.RegisterDirectly();
        });
        builder.Services.AddHostedService<RecoveryLoop>();
        builder.Services.AddHostedService<LostWorkflowsLoop>();
        builder.Services.AddHostedService<UnnamedAttachmentsLoop>();
        builder.Services.AddHostedService<PoisonedMessagesLoop>();
        builder.Services.AddHostedService<DraftLoop>();
        builder.Services.AddHostedService<PaymentLoop>();
        builder.Services.AddHostedService<CheckpointLoop>();
        builder.Services.AddHostedService<TimestampLoop>();
        builder.Services.AddHostedService<WebhookDeliveryLoop>();
        builder.Services.AddHostedService<WorkflowStartLoop>();
        builder.Services.AddHostedService<EmailDeliveryLoop>();
        builder.Services.AddHostedService<RetentionLoop>();
        builder.Services.AddHostedService<OpenDataLoop>();

        configure?.Invoke(builder);
        var app = builder.Build();
        EdgePipeline.Use(app);
        HttpEndpoints.Map(app);
        app.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Redirect("/api/" + Serverless.Core.Addresses.Routes.FormPath("school-enrolment")));
        await app.StartAsync(cancellationToken);
        return new LocalHostApp(app, sidecar, channel, new StartupTimes(storageReached, taskHubReady, phase.Elapsed));
    }

    public Task WaitForShutdownAsync() => app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        channel.Dispose();
        await sidecar.DisposeAsync();
    }
}
