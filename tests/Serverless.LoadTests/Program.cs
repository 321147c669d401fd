using System.Diagnostics;
using System.Globalization;
using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Serverless.Core.Storage;
using Serverless.LocalHost;

// Submissions through the local host on Azurite, against the raw limit of the same Azurite measured in the same run.
// Usage: scripts/load.sh [applications] [concurrency]   (targets 127.0.0.1 only)
var applications = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
var connection = Environment.GetEnvironmentVariable("TEST_STORAGE_CONNECTION") ?? throw new InvalidOperationException("Run through scripts/load.sh.");
var smtpPort = Environment.GetEnvironmentVariable("TEST_SMTP_PORT") ?? throw new InvalidOperationException("Run through scripts/load.sh.");

var storage = new StorageClients(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connection }).Build());
var table = storage.Table("LoadRawLimit");
await table.CreateIfNotExistsAsync();
var container = storage.Container("load-raw-limit");
await container.CreateIfNotExistsAsync();
var proof = "%PDF-1.4\n% load test\n"u8.ToArray();

var rawRows = await Measure.RunAsync(applications, concurrency, index => table.AddEntityAsync(new TableEntity($"p{index % 16}", Guid.NewGuid().ToString("N")) { ["Value"] = new string('x', 600) }));
var rawBlobs = await Measure.RunAsync(applications, concurrency, index => container.GetBlobClient($"{Guid.NewGuid():N}.pdf").UploadAsync(new BinaryData(proof)));

var port = Measure.FreePort();
var address = $"http://127.0.0.1:{port}";
await using var host = await LocalHostApp.StartAsync([], new Dictionary<string, string?>
{
    ["urls"] = address,
    ["PublicBaseUrl"] = address,
    ["AzureWebJobsStorage"] = connection,
    ["TaskHubName"] = "load" + Guid.NewGuid().ToString("N")[..8],
    ["Review:ReviewerEmails"] = "agent.load@saint-exemple.example",
    ["Review:MaxReminders"] = "0",
    ["ReviewTokens:ActiveKeyId"] = "load",
    ["ReviewTokens:Keys:load"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()),
    ["CitizenAccess:Key"] = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 7)).ToArray()),
    ["Smtp:Host"] = "127.0.0.1",
    ["Smtp:Port"] = smtpPort,
    ["Logging:LogLevel:Default"] = "Warning",
});
using var http = new HttpClient { BaseAddress = new Uri(address) };
http.DefaultRequestHeaders.Accept.ParseAdd("application/json");
var year = DateTime.UtcNow.Month >= 9 ? DateTime.UtcNow.Year : DateTime.UtcNow.Year - 1;
var references = new System.Collections.Concurrent.ConcurrentBag<string>();
var start = Stopwatch.GetTimestamp();
var submissions = await Measure.RunAsync(applications, concurrency, async index =>
{
    using var form = new MultipartFormDataContent
    {
        { new StringContent("Léa"), "childFirstName" }, { new StringContent($"Charge{index}"), "childLastName" },
        { new StringContent("2021-05-04"), "childBirthDate" }, { new StringContent($"{year}-{year + 1}"), "schoolYear" },
        { new StringContent("ecole-jules-ferry"), "school" }, { new StringContent("Claire Martin"), "parentName" },
        { new StringContent($"parent{index}@example.org"), "parentEmail" }, { new StringContent("0612345678"), "parentPhone" },
        { new StringContent("3 rue des Lilas"), "addressLine" }, { new StringContent("30000"), "postalCode" }, { new StringContent("Saint-Exemple"), "city" },
        { new ByteArrayContent(proof), "proofOfAddress", "justificatif.pdf" },
    };
    using var response = await http.PostAsync("/api/procedures/school-enrolment/applications", form);
    if (response.StatusCode != HttpStatusCode.Accepted)
    {
        throw new InvalidOperationException($"Submission {index}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    var body = await response.Content.ReadAsStringAsync();
    references.Add(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("reference").GetString()!);
});

// The workflow's own pace: acknowledgement, checks, review request (three activities, two e-mails each application).
var repository = new ApplicationRepository(storage);
var pending = new HashSet<string>(references);
var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 600);
while (pending.Count > 0 && Stopwatch.GetTimestamp() < deadline)
{
    foreach (var reference in pending.ToList())
    {
        if ((await repository.FindAsync(reference, CancellationToken.None))?.Status == "UnderReview")
        {
            pending.Remove(reference);
        }
    }

    await Task.Delay(200);
}

var workflowSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {applications} operations, concurrency {concurrency}");
Console.WriteLine("| Measure | Throughput | p50 | p95 |");
Console.WriteLine("|---|---:|---:|---:|");
Console.WriteLine(rawRows.Row("Raw limit: Azurite table inserts (600-byte rows)"));
Console.WriteLine(rawBlobs.Row("Raw limit: Azurite blob uploads (small PDF)"));
Console.WriteLine(submissions.Row("Submissions through the local host (HTTP 202)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Applications reaching review (receipt, checks, review e-mail) | {(applications - pending.Count) / workflowSeconds:F1}/s | | |"));
if (pending.Count > 0)
{
    Console.WriteLine($"{pending.Count} applications had not reached review after 10 minutes.");
    return 1;
}

return 0;

internal sealed record Measurement(double PerSecond, TimeSpan P50, TimeSpan P95)
{
    public string Row(string name) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {PerSecond:F1}/s | {P50.TotalMilliseconds:F1} ms | {P95.TotalMilliseconds:F1} ms |");
}

internal static class Measure
{
    /// <summary>Runs <paramref name="count"/> operations, at most <paramref name="concurrency"/> at once; throughput and latency percentiles.</summary>
    public static async Task<Measurement> RunAsync(int count, int concurrency, Func<int, Task> operation)
    {
        var latencies = new TimeSpan[count];
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var began = Stopwatch.GetTimestamp();
                await operation(index);
                latencies[index] = Stopwatch.GetElapsedTime(began);
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(start);
        Array.Sort(latencies);
        return new Measurement(count / elapsed.TotalSeconds, latencies[count / 2], latencies[(int)(count * 0.95)]);
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
