namespace Serverless.Platform.Telemetry;

/// <summary>
/// Where the traces go besides Azure Monitor (which is on whenever <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set):
/// <c>none</c>, <c>console</c>, <c>otlp</c> (the standard <c>OTEL_EXPORTER_OTLP_*</c> variables say where) or <c>file</c>
/// (one JSON line per span in <see cref="File"/>, what the load harness reads to print the slowest steps).
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    public string Exporter { get; set; } = "none";

    public string File { get; set; } = string.Empty;
}
