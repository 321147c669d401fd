using System.Diagnostics;
using System.Text.Json;
using OpenTelemetry;

namespace Serverless.Platform.Telemetry;

/// <summary>
/// Writes each finished span as one JSON line (trace, span, parent, name, source, kind, start, duration in ms, tags):
/// the local form of a trace that the load harness reads back to print the slowest steps.
/// </summary>
public sealed class JsonLinesSpanExporter(string path) : BaseExporter<Activity>
{
    private readonly Lock gate = new();
    private StreamWriter? writer;

    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (gate)
        {
            writer ??= Open(path);
            foreach (var span in batch)
            {
                writer.WriteLine(JsonSerializer.Serialize(new
                {
                    traceId = span.TraceId.ToHexString(),
                    spanId = span.SpanId.ToHexString(),
                    parentId = span.ParentSpanId == default ? null : span.ParentSpanId.ToHexString(),
                    name = span.DisplayName,
                    source = span.Source.Name,
                    kind = span.Kind.ToString(),
                    start = span.StartTimeUtc,
                    durationMs = span.Duration.TotalMilliseconds,
                    status = span.Status.ToString(),
                    tags = span.TagObjects.Where(tag => tag.Value is not null).ToDictionary(tag => tag.Key, tag => tag.Value!.ToString()),
                }));
            }

            writer.Flush();
        }

        return ExportResult.Success;
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        lock (gate)
        {
            writer?.Dispose();
            writer = null;
        }

        return true;
    }

    private static StreamWriter Open(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return new StreamWriter(new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
    }
}
