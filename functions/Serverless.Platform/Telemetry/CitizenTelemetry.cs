using System.Diagnostics;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Serverless.Platform.Telemetry;

/// <summary>
/// One trace per application: the submission's HTTP request, the storage calls it makes, the <c>start workflow</c>
/// span of the start queue's handler (the message carries the submission's trace context), the Durable Task client's
/// <c>create_orchestration</c> span under it (which carries the trace context into the orchestration), the
/// orchestration and each of its activities (spans the Durable Task SDK emits), and every e-mail sent (<see cref="Source"/>).
/// </summary>
public static class CitizenTelemetry
{
    public const string SourceName = "Serverless.Core";

    /// <summary>The product's own spans (e-mail sending, the steps of a submission).</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>gRPC path prefix of the Durable Task sidecar protocol (the local host's worker long-polls it).</summary>
    private const string SidecarService = "/TaskHubSidecarService/";

    /// <summary>Registers tracing when an exporter is configured; nothing at all (no listener, no cost) otherwise.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's settings.</param>
    /// <param name="hostSpecific">What only one host adds (the Functions worker's trace-context handling).</param>
    public static IServiceCollection AddCitizenTelemetry(this IServiceCollection services, IConfiguration configuration, UrlRedaction redaction, Action<IOpenTelemetryBuilder>? hostSpecific = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(redaction);
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var azureMonitor = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var exporter = options.Exporter.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(azureMonitor) && exporter is "" or "none")
        {
            return services;
        }

        // The Azure SDK emits spans for the app's storage calls only when asked to (the Durable Task backend's own clients emit none).
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var telemetry = services.AddOpenTelemetry();
        hostSpecific?.Invoke(telemetry);
        telemetry
            .ConfigureResource(resource => resource.AddService("citizen-eservices"))
            .WithTracing(tracing =>
            {
                tracing
                    .SetSampler(new ParentBasedSampler(new RequestRootSampler()))
                    .AddSource(SourceName, "Microsoft.DurableTask", "Microsoft.DurableTask.*", "DurableTask.Core", "Azure.*")
                    .AddAspNetCoreInstrumentation(aspNetCore =>
                    {
                        aspNetCore.Filter = context => !IsWorkerLongPoll(context);
                        // Review and revocation tokens, citizens' access codes: masked as in the logs (SECURITY.md).
                        aspNetCore.EnrichWithHttpRequest = (span, request) =>
                        {
                            span.SetTag("url.path", redaction.Path(request.Path.Value ?? string.Empty));
                            span.SetTag("url.query", request.QueryString.HasValue ? redaction.Query(request.QueryString.Value!) : null);
                        };
                    });
                if (!string.IsNullOrEmpty(azureMonitor))
                {
                    var authentication = configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];
                    tracing.AddAzureMonitorTraceExporter(monitor =>
                    {
                        monitor.ConnectionString = azureMonitor;
                        // "ClientId=…;Authorization=AAD" (as Bicep sets it): the app's managed identity signs the export.
                        if (ManagedIdentityClientId(authentication) is { } clientId)
                        {
                            monitor.Credential = new Azure.Identity.ManagedIdentityCredential(Azure.Identity.ManagedIdentityId.FromUserAssignedClientId(clientId));
                        }
                    });
                }

                switch (exporter)
                {
                    case "console":
                        tracing.AddConsoleExporter();
                        break;
                    case "otlp":
                        tracing.AddOtlpExporter();
                        break;
                    case "file" when options.File.Length > 0:
                        tracing.AddProcessor(new BatchActivityExportProcessor(new JsonLinesSpanExporter(options.File)));
                        break;
                    case "file":
                        throw new InvalidOperationException("Telemetry__Exporter is 'file' but Telemetry__File is empty.");
                    case "" or "none":
                        break;
                    default:
                        throw new InvalidOperationException($"Telemetry__Exporter '{options.Exporter}' is not one of none, console, otlp, file.");
                }
            });
        return services;
    }

    private static string? ManagedIdentityClientId(string? authentication) =>
        authentication?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2 && pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase) && pair[1].Length > 0)
            .Select(pair => pair[1])
            .FirstOrDefault();

    /// <summary>The worker's work-item stream to the sidecar lasts as long as the process: not a request anyone waits on.</summary>
    private static bool IsWorkerLongPoll(HttpContext context) =>
        context.Request.Path.StartsWithSegments(SidecarService + "GetWorkItems", StringComparison.Ordinal)
        || context.Request.Path.StartsWithSegments(SidecarService + "Hello", StringComparison.Ordinal);

    /// <summary>
    /// Starts a trace only for a request (an HTTP call, a scheduled orchestration): the backend polls its queues and
    /// the timers sweep storage all the time, and those storage calls outside any request would drown the traces.
    /// </summary>
    private sealed class RequestRootSampler : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            new(samplingParameters.Kind is ActivityKind.Server or ActivityKind.Producer ? SamplingDecision.RecordAndSample : SamplingDecision.Drop);
    }
}
