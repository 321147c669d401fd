using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Serverless.BackOfficeBench;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;
using Serverless.Core.Procedures;
using Serverless.Core.Review;
using Serverless.Platform.Storage;

// The back office's list and export at scale, on Azurite (loopback only).
// Usage: scripts/backoffice-bench.sh [applications=100000] [runs=200]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var connection = Environment.GetEnvironmentVariable("TEST_STORAGE_CONNECTION") ?? throw new InvalidOperationException("Run through scripts/backoffice-bench.sh.");
const string Commune = "saint-exemple";
const string Agent = "agent.scolaire@saint-exemple.example";

var storage = new StorageClients(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connection }).Build());
var catalog = CatalogueLoader.Load(CatalogueLoader.BundledPath);
var now = DateTimeOffset.UtcNow;

var seeded = await new Seeder(storage, catalog).SeedAsync(Commune, Agent, count, 8, now);
// An agent who sees every procedure of the commune: the list reads all of them.
var access = new Serverless.Core.Review.AgentAccess(Commune, Administrator: true, catalog.All.Where(procedure => procedure.CommuneId == Commune).Select(procedure => procedure.Id).ToHashSet());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Seeded {seeded.Applications} applications ({seeded.Rows} index rows and locators, transactions of 100, 8 at a time) in {seeded.Elapsed.TotalSeconds:F1} s: {seeded.Rows / seeded.Elapsed.TotalSeconds:F0} rows/s."));

var list = new ApplicationList(storage, TimeProvider.System);
var queries = new (string Name, ApplicationListQuery Query)[]
{
    ("À traiter, first page", new ApplicationListQuery { Tab = "todo" }),
    ("À traiter, one procedure", new ApplicationListQuery { Tab = "todo", ProcedureId = "school-enrolment" }),
    ("À traiter, overdue, assigned to me", new ApplicationListQuery { Tab = "todo", Overdue = true, AssignedToMe = true }),
    ("All, one status, submitted in a month", new ApplicationListQuery { Tab = "all", Status = ApplicationStatus.Approved, SubmittedFrom = DateOnly.FromDateTime(now.AddDays(-60).UtcDateTime), SubmittedTo = DateOnly.FromDateTime(now.AddDays(-30).UtcDateTime) }),
    ("All, name search", new ApplicationListQuery { Tab = "all", Search = "loevenbruck" }),
};

Console.WriteLine();
Console.WriteLine("| Query (first page, 50 rows) | rows shown | p50 ms | p95 ms | max ms | runs |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var (name, query) in queries)
{
    var times = new List<double>();
    var runsFor = runs;
    var rows = 0;
    for (var i = 0; i < runsFor + 3; i++)
    {
        var watch = Stopwatch.StartNew();
        var page = await list.PageAsync(access, Agent, query, CancellationToken.None);
        watch.Stop();
        rows = page.Rows.Count;
        if (i >= 3)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {rows} | {Percentile(times, 0.50):F0} | {Percentile(times, 0.95):F0} | {times[^1]:F0} | {times.Count} |"));
}

// Export: about 10,000 rows of the filtered list (every application submitted in the most recent days that hold
// about 10,000 of them), read from the index and written as CSV and XLSX, as GET /api/agent/export does.
var export = new ListExport(catalog, TimeProvider.System);
var days = Math.Min(365, (int)Math.Ceiling(365.0 * 10_000 / count));
var exportQuery = new ApplicationListQuery { Tab = "all", SubmittedFrom = DateOnly.FromDateTime(now.AddDays(-days).UtcDateTime) };
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| Export (submitted in the last {days} days) | read index ms | write ms | total ms | bytes |"));
Console.WriteLine("|---|---|---|---|---|");
foreach (var format in new[] { "csv", "xlsx", "ods" })
{
    var read = Stopwatch.StartNew();
    var rows = await list.AllAsync(access, Agent, exportQuery, CancellationToken.None);
    read.Stop();
    using var output = new MemoryStream();
    var write = Stopwatch.StartNew();
    await (format switch
    {
        "csv" => export.WriteCsvAsync(rows, ListColumns.All, output, CancellationToken.None),
        "xlsx" => export.WriteXlsxAsync(rows, ListColumns.All, output, CancellationToken.None),
        _ => export.WriteOdsAsync(rows, ListColumns.All, output, CancellationToken.None),
    });
    write.Stop();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {format.ToUpperInvariant()}, {rows.Count} rows | {read.Elapsed.TotalMilliseconds:F0} | {write.Elapsed.TotalMilliseconds:F0} | {read.Elapsed.TotalMilliseconds + write.Elapsed.TotalMilliseconds:F0} | {output.Length} |"));
}

return 0;

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
