using System.Net;
using System.Text.Json;
using Serverless.Core.Applications;
using Serverless.Core.Orchestration;
using Serverless.Core.Outbox;
using Serverless.Core.Workflow;

namespace Serverless.IntegrationTests;

/// <summary>A local host whose traces go to a file (<c>Telemetry__Exporter=file</c>), as the load harness runs it.</summary>
public sealed class TracedHostFixture : LocalHostFixture
{
    public string SpansFile { get; } = Path.Combine(Path.GetTempPath(), TestEnvironment.UniqueName("spans") + ".jsonl");

    protected override void Adjust(Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Telemetry:Exporter"] = "file";
        settings["Telemetry:File"] = SpansFile;
    }
}

/// <summary>One application, one trace: from the citizen's POST through every workflow activity and e-mail.</summary>
public sealed class TraceEndToEndTests(TracedHostFixture host) : IClassFixture<TracedHostFixture>
{
    private sealed record Span(string TraceId, string SpanId, string? ParentId, string Name, string Source, Dictionary<string, string> Tags);

    [Fact]
    public async Task SubmittedAndApprovedApplication_YieldsOneTraceWithTheSubmissionEveryActivityAndEveryEmail()
    {
        using var api = host.Client();
        using var browser = host.Client("text/html");
        var parent = ApplicationClient.NewCitizenEmail();
        var receipt = await ApplicationClient.SubmitAsync(api, ApplicationClient.Multipart(ApplicationClient.Fields(parent)));
        var approve = await CertificateFlow.OpenAndApproveByLinkAsync(host, browser, receipt.Reference);

        await host.Mailbox.WaitForAsync(parent, "Demande acceptée");

        // The spans of this application: the trace whose e-mail spans name its reference. The batch exporter writes
        // every few seconds, and the orchestration's own span ends with it: wait for the whole trace.
        string[] activities = ["AdmitAndOpenReview", "ApproveApplication"];
        IReadOnlyList<Span> trace = [];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var spans = Read(host.SpansFile);
            var traceIds = spans.Where(span => span.Tags.GetValueOrDefault("email.reference") == receipt.Reference).Select(span => span.TraceId).Distinct().ToList();
            Assert.True(traceIds.Count <= 1, $"The e-mails of {receipt.Reference} are in {traceIds.Count} traces.");
            trace = traceIds.Count == 1 ? spans.Where(span => span.TraceId == traceIds[0]).ToList() : [];
            if (trace.Any(span => span.Name == "orchestration:ApplicationWorkflow") && activities.All(activity => trace.Any(span => span.Name == "activity:" + activity)) && trace.Count(span => span.Name == "smtp send") >= 4)
            {
                break;
            }

            await Task.Delay(500);
        }

        var root = Assert.Single(trace, span => span.ParentId is null);
        Assert.Equal("POST /api/procedures/{procedureId}/applications", root.Name);
        Assert.Contains(trace, span => span.Name.StartsWith("create_orchestration:", StringComparison.Ordinal));
        Assert.Contains(trace, span => span.Name == "orchestration:ApplicationWorkflow");
        Assert.All(activities, activity => Assert.Contains(trace, span => span.Name == "activity:" + activity));
        Assert.Contains(trace, span => span.Source.StartsWith("Azure.Storage.Blobs", StringComparison.Ordinal));
        var emails = trace.Where(span => span.Name == "smtp send").Select(span => span.Tags.GetValueOrDefault("email.step") ?? string.Empty).ToList();
        // Acknowledgement, review request, revocation link to the agent, decision with the certificate: queued by the
        // activities, each sent by the dispatcher under a "send e-mail" span of the same trace.
        Assert.Equal(4, trace.Count(span => span.Name == "send e-mail" && span.Tags.GetValueOrDefault("email.reference") == receipt.Reference));
        Assert.Contains(OutboxSteps.Acknowledgement, emails);
        Assert.Contains(OutboxSteps.Review(1, 0), emails);
        Assert.Contains(emails, step => step.StartsWith("revocation-link-", StringComparison.Ordinal));
        Assert.Contains(OutboxSteps.Decision(CitizenOutcome.Approved), emails);

        // The review link's token never reaches a span, as it never reaches a log line.
        var token = approve.AbsolutePath["/api/review/".Length..];
        Assert.DoesNotContain(Read(host.SpansFile), span => span.Tags.Values.Any(value => value.Contains(token, StringComparison.Ordinal)) || span.Name.Contains(token, StringComparison.Ordinal));
    }

    private static List<Span> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var spans = new List<Span>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            using var json = JsonDocument.Parse(line);
            var span = json.RootElement;
            spans.Add(new Span(
                span.GetProperty("traceId").GetString()!,
                span.GetProperty("spanId").GetString()!,
                span.GetProperty("parentId").GetString(),
                span.GetProperty("name").GetString()!,
                span.GetProperty("source").GetString()!,
                span.GetProperty("tags").EnumerateObject().ToDictionary(tag => tag.Name, tag => tag.Value.GetString() ?? string.Empty)));
        }

        return spans;
    }
}
