using System.Text.Json;

namespace Serverless.LoadTests;

/// <summary>
/// Reads the spans the host wrote (<c>Telemetry__Exporter=file</c>, one JSON object a line) and says where the time
/// goes: the slowest span names by total time, and the storage calls each submission request made (the spans of the
/// Azure SDK under a submission's POST, in the app and in the Durable Task sidecar).
/// </summary>
public static class SpanProfile
{
    private sealed record Span(string TraceId, string SpanId, string? ParentId, string Name, string Source, double DurationMs, Dictionary<string, string> Tags);

    public static (IReadOnlyList<StepProfile> Slowest, IReadOnlyDictionary<string, double> StorageCallsPerSubmission) Read(string path, int top = 20)
    {
        var spans = new List<Span>();
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream))
        {
            while (reader.ReadLine() is { Length: > 0 } line)
            {
                try
                {
                    using var json = JsonDocument.Parse(line);
                    var root = json.RootElement;
                    spans.Add(new Span(
                        root.GetProperty("traceId").GetString()!,
                        root.GetProperty("spanId").GetString()!,
                        root.GetProperty("parentId").GetString(),
                        root.GetProperty("name").GetString()!,
                        root.GetProperty("source").GetString()!,
                        root.GetProperty("durationMs").GetDouble(),
                        root.GetProperty("tags").EnumerateObject().ToDictionary(tag => tag.Name, tag => tag.Value.GetString() ?? string.Empty)));
                }
                catch (JsonException)
                {
                    // A line cut by the host's kill: skip it.
                }
            }
        }

        var slowest = spans
            .GroupBy(span => (Name: Normalise(span), span.Source))
            .Select(group =>
            {
                var latency = LatencySummary.Of(group.Select(span => span.DurationMs));
                return new StepProfile(group.Key.Name, group.Key.Source, latency.Count, latency.P50, latency.P95, group.Sum(span => span.DurationMs) / 1000);
            })
            .OrderByDescending(step => step.TotalSeconds)
            .Take(top)
            .ToList();

        // A submission is a POST …/applications server span; its storage calls are the Azure SDK spans below it.
        var children = spans.Where(span => span.ParentId is not null).ToLookup(span => span.ParentId!);
        var submissions = spans.Where(span => span.ParentId is null && span.Name.StartsWith("POST", StringComparison.Ordinal) && span.Name.Contains("applications", StringComparison.Ordinal)).ToList();
        var calls = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var submission in submissions)
        {
            var stack = new Stack<Span>(children[submission.SpanId]);
            while (stack.Count > 0)
            {
                var span = stack.Pop();
                if (span.Name.StartsWith("orchestration", StringComparison.Ordinal) || span.Name.StartsWith("activity:", StringComparison.Ordinal))
                {
                    // The workflow itself runs after the answer: not the submission's cost.
                    continue;
                }

                // The client methods (TableClient.AddEntity, QueueClient.SendMessage…), not their HTTP spans below.
                if (span.Source.StartsWith("Azure.", StringComparison.Ordinal) && span.Source != "Azure.Core.Http")
                {
                    calls[span.Name] = calls.GetValueOrDefault(span.Name) + 1;
                }

                foreach (var child in children[span.SpanId])
                {
                    stack.Push(child);
                }
            }
        }

        var perSubmission = calls.OrderByDescending(pair => pair.Value)
            .ToDictionary(pair => pair.Key, pair => submissions.Count == 0 ? 0 : Math.Round(pair.Value / (double)submissions.Count, 2), StringComparer.Ordinal);
        return (slowest, perSubmission);
    }

    /// <summary>HTTP span names carry the route's values in some versions; the e-mail spans name their step.</summary>
    private static string Normalise(Span span) =>
        span.Tags.TryGetValue("email.step", out var step) && step.Length > 0 ? $"{span.Name} ({step.Split('|')[0]})" : span.Name;
}
